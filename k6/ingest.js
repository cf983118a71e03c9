// Ingest load: POST /prices to the producer, batches of updates in the wire format
// ({"candy_id","store_id","price","timestamp"}, timestamp in Unix seconds), by default
// 100 batches of 100 updates per second = 10,000 updates/s. Every batch must be accepted
// whole (202 {"accepted": n}, after Kafka acknowledged every record).
//
// Against docker compose (producer on 8081):
//   docker compose up --build -d --wait
//   k6 run k6/ingest.js
// Against ./candyflow (no Docker):
//   ./candyflow up
//   k6 run k6/ingest.js
// Elsewhere: -e PRODUCER_URL=…; -e RATE=… (batches/s), -e BATCH=… (updates per batch),
// -e DURATION=…. Run k6/cheapest.js at the same time to query while ingesting.
import { check } from 'k6';
import { postPrices } from './lib.js';

const BATCH = parseInt(__ENV.BATCH || '100', 10);
const CANDIES = parseInt(__ENV.CANDIES || '10', 10);
const STORES = parseInt(__ENV.STORES || '20', 10);

export const options = {
  scenarios: {
    ingest: {
      executor: 'constant-arrival-rate',
      rate: parseInt(__ENV.RATE || '100', 10),
      timeUnit: '1s',
      duration: __ENV.DURATION || '1m',
      preAllocatedVUs: 50,
      maxVUs: 500,
    },
  },
  thresholds: {
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
  },
};

export default function () {
  const now = Math.floor(Date.now() / 1000);
  const updates = [];
  for (let i = 0; i < BATCH; i++) {
    updates.push({
      candy_id: `Candy${1 + Math.floor(Math.random() * CANDIES)}`,
      store_id: `Store${1 + Math.floor(Math.random() * STORES)}`,
      // 0.50 to 10.00, two decimals at most, as the wire format requires
      price: Math.round(50 + Math.random() * 950) / 100,
      timestamp: now,
    });
  }
  const response = postPrices(updates);
  check(response, {
    'status is 202': (r) => r.status === 202,
    'every update accepted': (r) => r.status === 202 && r.json('accepted') === BATCH,
  });
}
