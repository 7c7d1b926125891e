// k6 load test run by the pipeline against staging after each deployment:
//   k6 run -e BASE_URL=https://staging.example.com load-test.js
// k6 exits non-zero when a threshold fails, which fails the pipeline step.
import http from 'k6/http';
import { check, sleep } from 'k6';

export const options = {
  scenarios: {
    baseline: {
      executor: 'ramping-vus', // ramp up, hold, ramp down
      startVUs: 0,
      stages: [
        { duration: '1m', target: 50 },
        { duration: '5m', target: 50 },
        { duration: '1m', target: 0 },
      ],
    },
  },
  thresholds: {
    // Fail above 1% errors; abort at once above 5%: no point loading a broken release
    http_req_failed: ['rate<0.01', { threshold: 'rate<0.05', abortOnFail: true }],
    http_req_duration: ['p(95)<400', 'p(99)<1000'], // milliseconds, the release's performance budget
    checks: ['rate>0.99'],
  },
};

const BASE_URL = __ENV.BASE_URL || 'https://staging.example.com';

export default function () {
  const res = http.get(`${BASE_URL}/api/products?page=1`, { tags: { name: 'list-products' } });
  check(res, {
    'status is 200': (r) => r.status === 200,
    'has products': (r) => Number(r.json('items.#')) > 0, // gjson syntax: # is the array length
  });
  sleep(1); // think time between requests of one virtual user
}
