// Consumer contract test (Vitest). It records the interactions in pacts/checkout-web-orders-api.json,
// which CI publishes to a Pact Broker; `pact-broker can-i-deploy` then gates each release.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatchersV3, Pact } from '@pact-foundation/pact';

const { integer, decimal, string } = MatchersV3;

// Since pact-js v16 `Pact` is the V4 specification DSL (the old one is PactV2).
const provider = new Pact({
  consumer: 'checkout-web',
  provider: 'orders-api',
  dir: path.resolve(process.cwd(), 'pacts'),
});

describe('orders-api contract', () => {
  it('returns an existing order', async () => {
    await provider
      .addInteraction()
      .given('order 42 exists') // provider state the provider's verification sets up
      .uponReceiving('a request for order 42')
      .withRequest('GET', '/orders/42', (builder) => {
        builder.headers({ Accept: 'application/json' });
      })
      .willRespondWith(200, (builder) => {
        // Matchers check types and formats, not exact values, so the contract stays stable
        builder.jsonBody({ id: integer(42), status: string('PAID'), total: decimal(19.99) });
      })
      .executeTest(async (mockServer) => {
        const res = await fetch(`${mockServer.url}/orders/42`, { headers: { Accept: 'application/json' } });
        expect(res.status).toBe(200);
        expect((await res.json()).id).toBe(42);
      });
  });
});
