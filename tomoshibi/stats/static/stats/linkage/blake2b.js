/* BLAKE2b (RFC 7693) with key, salt and personalisation, as Python's hashlib.blake2b computes it.
 *
 * The encoder sets each Bloom-filter bit from keyed BLAKE2b, as clkhash's blakeHash does; WebCrypto has
 * no BLAKE2b, so it is written out here on pairs of 32-bit words (JavaScript has no fast 64-bit integer).
 * Tested against RFC 7693's vector and against hashlib for keys, salts and every length around a block.
 */
(function (root) {
  "use strict";
  const IV = new Uint32Array([
    0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
    0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
  ]);
  const SIGMA = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
    11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
    7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
    9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
    2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
    12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
    13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
    6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
    10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  ].map((index) => index * 2); // word pairs: message word i is m[2i] (low) and m[2i + 1] (high)

  const v = new Uint32Array(32);
  const m = new Uint32Array(32);

  // v[a] += v[b] as 64-bit words (low at a, high at a + 1).
  function add64(a, b) {
    const low = v[a] + v[b];
    v[a + 1] = v[a + 1] + v[b + 1] + (low >= 0x100000000 ? 1 : 0);
    v[a] = low;
  }

  function add64Constant(a, low, high) {
    const sum = v[a] + low;
    v[a + 1] = v[a + 1] + high + (sum >= 0x100000000 ? 1 : 0);
    v[a] = sum;
  }

  function mix(a, b, c, d, x, y) {
    add64(a, b);
    add64Constant(a, m[x], m[x + 1]);
    let low = v[d] ^ v[a];
    let high = v[d + 1] ^ v[a + 1];
    v[d] = high; // rotate right 32
    v[d + 1] = low;
    add64(c, d);
    low = v[b] ^ v[c];
    high = v[b + 1] ^ v[c + 1];
    v[b] = (low >>> 24) ^ (high << 8); // rotate right 24
    v[b + 1] = (high >>> 24) ^ (low << 8);
    add64(a, b);
    add64Constant(a, m[y], m[y + 1]);
    low = v[d] ^ v[a];
    high = v[d + 1] ^ v[a + 1];
    v[d] = (low >>> 16) ^ (high << 16); // rotate right 16
    v[d + 1] = (high >>> 16) ^ (low << 16);
    add64(c, d);
    low = v[b] ^ v[c];
    high = v[b + 1] ^ v[c + 1];
    v[b] = (high >>> 31) ^ (low << 1); // rotate right 63
    v[b + 1] = (low >>> 31) ^ (high << 1);
  }

  function compress(state, block, offset, counter, last) {
    for (let i = 0; i < 16; i++) {
      v[i] = state[i];
      v[i + 16] = IV[i];
    }
    v[24] ^= counter >>> 0;
    v[25] ^= Math.floor(counter / 0x100000000);
    if (last) {
      v[28] = ~v[28];
      v[29] = ~v[29];
    }
    for (let i = 0; i < 32; i++) {
      const at = offset + 4 * i;
      m[i] = block[at] | (block[at + 1] << 8) | (block[at + 2] << 16) | (block[at + 3] << 24);
    }
    for (let round = 0; round < 12; round++) {
      const s = round * 16;
      mix(0, 8, 16, 24, SIGMA[s], SIGMA[s + 1]);
      mix(2, 10, 18, 26, SIGMA[s + 2], SIGMA[s + 3]);
      mix(4, 12, 20, 28, SIGMA[s + 4], SIGMA[s + 5]);
      mix(6, 14, 22, 30, SIGMA[s + 6], SIGMA[s + 7]);
      mix(0, 10, 20, 30, SIGMA[s + 8], SIGMA[s + 9]);
      mix(2, 12, 22, 24, SIGMA[s + 10], SIGMA[s + 11]);
      mix(4, 14, 16, 26, SIGMA[s + 12], SIGMA[s + 13]);
      mix(6, 8, 18, 28, SIGMA[s + 14], SIGMA[s + 15]);
    }
    for (let i = 0; i < 16; i++) state[i] ^= v[i] ^ v[i + 16];
  }

  function littleEndianWords(bytes, length) {
    const padded = new Uint8Array(length);
    padded.set(bytes.subarray(0, length));
    const words = [];
    for (let i = 0; i < length; i += 4) {
      words.push(padded[i] | (padded[i + 1] << 8) | (padded[i + 2] << 16) | (padded[i + 3] << 24));
    }
    return words;
  }

  /* The state after the parameter block and, when keyed, the key block: shared by every message
   * hashed with the same key, salt and length (the encoder hashes thousands of tokens per key). */
  function initialState(options) {
    const key = options.key || new Uint8Array(0);
    const length = options.digestSize || 64;
    if (length < 1 || length > 64 || key.length > 64) throw new RangeError("blake2b parameters");
    const state = new Uint32Array(IV);
    state[0] ^= 0x01010000 ^ (key.length << 8) ^ length;
    const salt = littleEndianWords(options.salt || new Uint8Array(0), 16);
    const person = littleEndianWords(options.person || new Uint8Array(0), 16);
    for (let i = 0; i < 4; i++) {
      state[8 + i] ^= salt[i];
      state[12 + i] ^= person[i];
    }
    return { state, key, length };
  }

  function hashWith(prepared, data) {
    let state = new Uint32Array(prepared.state);
    let counter = 0;
    let offset = 0;
    if (prepared.key.length) {
      const keyBlock = new Uint8Array(128);
      keyBlock.set(prepared.key);
      if (!data.length) {
        compress(state, keyBlock, 0, 128, true);
        return digestBytes(state, prepared.length);
      }
      if (!prepared.afterKey) {
        compress(state, keyBlock, 0, 128, false);
        prepared.afterKey = new Uint32Array(state);
      }
      state = new Uint32Array(prepared.afterKey);
      counter = 128;
    }
    while (data.length - offset > 128) {
      counter += 128;
      compress(state, data, offset, counter, false);
      offset += 128;
    }
    const last = new Uint8Array(128);
    last.set(data.subarray(offset));
    counter += data.length - offset;
    compress(state, last, 0, counter, true);
    return digestBytes(state, prepared.length);
  }

  function digestBytes(state, length) {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = state[i >> 2] >>> (8 * (i & 3));
    return out;
  }

  /* hashlib.blake2b(data, key=..., salt=..., person=..., digest_size=...).digest() */
  function blake2b(data, options) {
    return hashWith(initialState(options || {}), data);
  }

  const L = (root.TomoshibiLinkage = root.TomoshibiLinkage || {});
  L.blake2b = blake2b;
  L.blake2bPrepare = initialState;
  L.blake2bWith = hashWith;
})(globalThis);
