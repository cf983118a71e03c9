// What the k6 scripts share: where the services are, and seeding prices before a test.
import http from 'k6/http';
import { fail, sleep } from 'k6';

export const CONSUMER_URL = __ENV.CONSUMER_URL || 'http://localhost:8080';
export const PRODUCER_URL = __ENV.PRODUCER_URL || 'http://localhost:8081';

export function postPrices(updates) {
  return http.post(`${PRODUCER_URL}/prices`, JSON.stringify(updates), {
    headers: { 'Content-Type': 'application/json' },
  });
}

// Posts the updates, then waits until the consumer answers each of the given paths, so
// that no request of the test itself meets a 404 (which would count as a failure).
export function seed(updates, paths) {
  const posted = postPrices(updates);
  if (posted.status !== 202) {
    fail(`POST ${PRODUCER_URL}/prices answered ${posted.status}: is the producer up?`);
  }
  // a 404 while the consumer catches up is expected here, not a failed request
  const pending = { responseCallback: http.expectedStatuses(200, 404) };
  for (const path of paths) {
    let tries = 0;
    while (http.get(`${CONSUMER_URL}${path}`, pending).status !== 200) {
      if (++tries > 300) {
        fail(`${CONSUMER_URL}${path} does not answer: is the consumer up?`);
      }
      sleep(0.1);
    }
  }
}
