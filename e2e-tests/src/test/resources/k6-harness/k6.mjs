// Stand-in for k6's 'k6' module.
export function check(value, checks) {
  for (const predicate of Object.values(checks)) {
    predicate(value);
  }
  return true;
}

export function fail(message) {
  throw new Error(message);
}

export function sleep() {}

export function group(name, body) {
  return body();
}
