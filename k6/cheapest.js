// The original CandyFlow load test: GET /cheapest?candy_id=… at an arrival rate ramping
// from 1,000 to 10,000 requests/s, failing unless every request succeeds and the 95th
// percentile stays under 1 ms.
//
// Against docker compose (consumer on 8080, producer on 8081):
//   docker compose up --build -d --wait
//   k6 run k6/cheapest.js
// Against ./candyflow (no Docker):
//   ./candyflow up
//   k6 run k6/cheapest.js
// Elsewhere: k6 run -e CONSUMER_URL=http://host:8080 -e PRODUCER_URL=http://host:8081 k6/cheapest.js
// Smaller machines: -e PEAK_RATE=5000 -e RAMP=30s -e HOLD=30s (the thresholds stay).
//
// setup() posts one price per candy through the producer and waits until the consumer
// answers for each, so every request of the test has an answer (a 404 would count as a
// failure). The candy ids are the simulator's (Candy1…), so they blend in with a
// simulated market.
import http from 'k6/http';
import { check } from 'k6';
import { CONSUMER_URL, seed } from './lib.js';

const CANDIES = parseInt(__ENV.CANDIES || '10', 10);
const PEAK_RATE = parseInt(__ENV.PEAK_RATE || '10000', 10);

export const options = {
  discardResponseBodies: true,
  scenarios: {
    cheapest: {
      executor: 'ramping-arrival-rate',
      startRate: 1000,
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: 2000,
      stages: [
        { target: PEAK_RATE, duration: __ENV.RAMP || '1m' },
        { target: PEAK_RATE, duration: __ENV.HOLD || '30s' },
      ],
    },
  },
  thresholds: {
    http_req_failed: ['rate==0'],
    // milliseconds: p95 under 1 ms, measured by k6 on the client side
    http_req_duration: ['p(95)<1'],
  },
};

function candy(i) {
  return `Candy${i}`;
}

export function setup() {
  const updates = [];
  const paths = [];
  for (let i = 1; i <= CANDIES; i++) {
    updates.push({ candy_id: candy(i), store_id: 'Store1', price: Number((1 + i / 10).toFixed(2)) });
    paths.push(`/cheapest?candy_id=${candy(i)}`);
  }
  seed(updates, paths);
}

export default function () {
  const id = candy(1 + Math.floor(Math.random() * CANDIES));
  const response = http.get(`${CONSUMER_URL}/cheapest?candy_id=${id}`);
  check(response, { 'status is 200': (r) => r.status === 200 });
}
