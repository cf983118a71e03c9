// Runs a k6 script in Node without k6: the script is loaded as an ES module (so Node parses
// it for real), with stand-ins for the k6 modules that record every request instead of
// sending it. Prints {"options": …, "requests": [{method, url, body}, …]} as JSON, for the
// Java test to send the same requests to real services.
//
//   node run.mjs SCRIPT ITERATIONS   (CONSUMER_URL, PRODUCER_URL, … from the environment)
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./hooks.mjs', import.meta.url);

// the same requests on every run: a seeded generator (mulberry32) instead of Math.random
let state = 20240601;
Math.random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

globalThis.__ENV = { ...process.env };
globalThis.__VU = 1;
globalThis.__ITER = 0;
globalThis.__k6requests = [];

const [script, iterations] = process.argv.slice(2);
const module = await import(pathToFileURL(script).href);
const data = module.setup ? module.setup() : undefined;
for (let i = 0; i < Number(iterations); i++) {
  globalThis.__ITER = i;
  module.default(data);
}
if (module.teardown) {
  module.teardown(data);
}
console.log(JSON.stringify({ options: module.options, requests: globalThis.__k6requests }));
