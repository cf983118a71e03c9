// The query mix of the consumer's API at a constant arrival rate: mostly /cheapest, some
// /offers, /candies, /history and /stats, with the parameters each endpoint takes.
//
// Against docker compose (consumer on 8080, producer on 8081, simulator on):
//   docker compose up --build -d --wait
//   k6 run k6/mixed.js
// Against ./candyflow (no Docker), best with a simulated market:
//   ./candyflow up --simulate 500
//   k6 run k6/mixed.js
// Elsewhere: -e CONSUMER_URL=… -e PRODUCER_URL=…; -e RATE=… -e DURATION=… to change the load.
//
// setup() posts a price per candy and store, so every query has an answer.
import http from 'k6/http';
import { check } from 'k6';
import { CONSUMER_URL, seed } from './lib.js';

const CANDIES = parseInt(__ENV.CANDIES || '10', 10);
const STORES = parseInt(__ENV.STORES || '5', 10);

export const options = {
  discardResponseBodies: true,
  scenarios: {
    mixed: {
      executor: 'constant-arrival-rate',
      rate: parseInt(__ENV.RATE || '2000', 10),
      timeUnit: '1s',
      duration: __ENV.DURATION || '1m',
      preAllocatedVUs: 100,
      maxVUs: 1000,
    },
  },
  thresholds: {
    http_req_failed: ['rate==0'],
    // /history reads the Arrow history, so the mix is allowed more than /cheapest alone
    http_req_duration: ['p(95)<5'],
  },
};

const pick = (prefix, count) => `${prefix}${1 + Math.floor(Math.random() * count)}`;

// [weight, request path] — the weights add up to 100
const QUERIES = [
  [50, () => `/cheapest?candy_id=${pick('Candy', CANDIES)}`],
  [5, () => '/cheapest'],
  [15, () => `/offers?candy_id=${pick('Candy', CANDIES)}`],
  [5, () => `/offers?store_id=${pick('Store', STORES)}&limit=10`],
  [10, () => '/candies'],
  [8, () => `/history?candy_id=${pick('Candy', CANDIES)}&limit=100`],
  [4, () => `/history?candy_id=${pick('Candy', CANDIES)}&store_id=${pick('Store', STORES)}&from=2023-11-14T22:13:20Z&to=${Math.floor(Date.now() / 1000) + 60}`],
  [3, () => '/stats'],
];

export function setup() {
  const updates = [];
  for (let c = 1; c <= CANDIES; c++) {
    for (let s = 1; s <= STORES; s++) {
      updates.push({ candy_id: `Candy${c}`, store_id: `Store${s}`, price: Number((c + s / 100).toFixed(2)) });
    }
  }
  seed(updates, [`/cheapest?candy_id=Candy${CANDIES}`]);
}

export default function () {
  let roll = Math.random() * 100;
  let query = QUERIES[QUERIES.length - 1][1];
  for (const [weight, path] of QUERIES) {
    if ((roll -= weight) < 0) {
      query = path;
      break;
    }
  }
  const response = http.get(`${CONSUMER_URL}${query()}`);
  check(response, { 'status is 200': (r) => r.status === 200 });
}
