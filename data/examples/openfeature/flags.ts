// OpenFeature in a Node.js service: code depends on the vendor-neutral API,
// the provider (here flagd) is chosen in one place and can be swapped.
import { OpenFeature } from '@openfeature/server-sdk';
import { FlagdProvider } from '@openfeature/flagd-provider';

// Host and port also come from FLAGD_HOST / FLAGD_PORT (default localhost:8013).
await OpenFeature.setProviderAndWait(new FlagdProvider({ host: 'flagd' }));

const client = OpenFeature.getClient('checkout');

export async function useNewCheckout(userId: string, email: string): Promise<boolean> {
  // The default (false) is returned if the flag is missing or the provider is down,
  // so the safe behaviour must always be the default.
  return client.getBooleanValue('new-checkout-flow', false, {
    targetingKey: userId, // stable key: the same user stays in the same rollout bucket
    email,
  });
}
