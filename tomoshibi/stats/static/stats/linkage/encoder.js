/* The in-browser encoder: a list read and encoded in the page, as `tomoshibi linkage encode` does it.
 *
 *   TomoshibiLinkage.encodeFile(file, secret, {onProgress(done, total), onNotes({guessedReadings, people})})
 *                                                                         -> Promise of the .clk.json object
 *   TomoshibiLinkage.encodeText(text, secret, options)                   -> the same, from decoded text
 *   TomoshibiLinkage.toText(document)                                    -> the file the CLI writes, byte for byte
 *
 * The secret and the rows never leave the page: only the returned object (encodings, line numbers, the
 * schema's fingerprint and the filter length) is meant to be uploaded. Errors reject with an Error whose
 * .code is one of missing_columns, duplicate_columns, bad_dates, short_secret, unreadable,
 * mixed_line_endings, empty (with .details); the page words them in the reader's language. onNotes is called once, just before the promise
 * resolves, with what the command prints beside the file: how many of the people have a name in kanji read
 * only by a guess (normalise.py's guesses_a_reading). The schema and the dictionaries' addresses
 * come from the JSON in <script id="tomoshibi-linkage-config"> (stats/linkage/_encoder_assets.html) or
 * from configure().
 * Same steps as tomoshibi/linkage/cli.py (read_text, split_rows, read_people, run_encode) and encode.py.
 */
(function (root) {
  "use strict";
  const L = (root.TomoshibiLinkage = root.TomoshibiLinkage || {});
  const FORMAT = "tomoshibi-clk";
  const FORMAT_VERSION = 1;
  const MINIMUM_SECRET = 16;
  const SEPARATORS = [",", ";", "\t"];
  const ASCII_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]); // what Python's bytes.strip() removes
  const PYTHON_LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;
  const PROGRESS_EVERY = 200;
  const encoder = new TextEncoder();
  let config = null;
  const loaded = {};

  function failure(code, details) {
    const error = new Error(code);
    error.code = code;
    error.details = details || {};
    return error;
  }

  L.configure = function (settings) {
    config = settings;
  };

  function settings() {
    if (!config) {
      const element = document.getElementById("tomoshibi-linkage-config");
      config = JSON.parse(element.textContent);
    }
    return config;
  }

  /* ---- reading the file (estimation/data.py read_text and split_rows) ---- */

  function decode(bytes) {
    const decoders = [];
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      decoders.push(bytes[0] === 0xff ? "utf-16le" : "utf-16be");
    } else {
      decoders.push("utf-8", "shift_jis");
    }
    for (const label of decoders) {
      try {
        return new TextDecoder(label, { fatal: true }).decode(bytes);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
      }
    }
    throw failure("unreadable", {});
  }

  /* Python's csv.reader (excel dialect) over io.StringIO(text): rows as lists of cells. */
  function csvRows(text, delimiter) {
    const rows = [];
    const lines = text.split(/(?<=\n)/);
    let state = "start_record";
    let fields = [];
    let field = "";
    const save = () => {
      fields.push(field);
      field = "";
    };
    const end = (char) => {
      save();
      state = char === null ? "start_record" : "eat_crnl";
    };
    const step = (char) => {
      const newline = char === "\n" || char === "\r";
      switch (state) {
        case "start_record":
          if (char === null) return;
          if (newline) {
            state = "eat_crnl";
            return;
          }
          state = "start_field";
        // falls through
        case "start_field":
          if (newline || char === null) end(char);
          else if (char === '"') state = "in_quoted_field";
          else if (char === delimiter) save();
          else {
            field += char;
            state = "in_field";
          }
          return;
        case "in_field":
          if (newline || char === null) end(char);
          else if (char === delimiter) {
            save();
            state = "start_field";
          } else field += char;
          return;
        case "in_quoted_field":
          if (char === null) return;
          if (char === '"') state = "quote_in_quoted_field";
          else field += char;
          return;
        case "quote_in_quoted_field":
          if (char === '"') {
            field += char;
            state = "in_quoted_field";
          } else if (char === delimiter) {
            save();
            state = "start_field";
          } else if (newline || char === null) end(char);
          else {
            field += char;
            state = "in_field";
          }
          return;
        case "eat_crnl":
          if (newline) return;
          if (char === null) state = "start_record";
          else throw failure("mixed_line_endings", {}); // Python: "new-line character seen in unquoted field"
          return;
      }
    };
    for (const line of lines) {
      if (!line) continue;
      for (const char of line) step(char);
      step(null);
      if (state === "start_record") {
        rows.push(fields);
        fields = [];
      }
    }
    if (field.length || state === "in_quoted_field") {
      save();
      rows.push(fields);
    }
    return rows;
  }

  function detectSeparator(header) {
    const counts = SEPARATORS.map((separator) => header.split(separator).length - 1);
    const best = counts.indexOf(Math.max(...counts));
    return counts[best] ? SEPARATORS[best] : ",";
  }

  function splitRows(text, normaliser) {
    const first = text.split(PYTHON_LINE_BREAK).find((line) => normaliser.strip(line));
    if (first === undefined) throw failure("empty", {});
    const rows = csvRows(text, detectSeparator(first));
    const numbered = [];
    rows.forEach((row, index) => {
      if (row.some((cell) => normaliser.strip(cell))) numbered.push([index + 1, row]);
    });
    if (!numbered.length) throw failure("empty", {});
    const [headerLine, header] = numbered[0];
    if (headerLine !== 1) throw failure("missing_columns", { columns: normaliser.columns.slice(), line: headerLine });
    return [header.map((cell) => normaliser.strip(cell)), numbered.slice(1)];
  }

  /* old_mac_line_breaks: a file whose lines all end in a lone CR (classic Mac OS Excel) read with LF breaks. */
  function oldMacLineBreaks(text) {
    return text.includes("\n") ? text : text.replaceAll("\r", "\n");
  }

  /* read_people: the rows as persons, with their line numbers; every unreadable date at once. */
  function readPeople(text, normaliser) {
    const [header, numbered] = splitRows(oldMacLineBreaks(text), normaliser);
    const columns = header.map((name) => normaliser.casefold(name));
    const missing = normaliser.columns.filter((name) => !columns.includes(name));
    if (missing.length) throw failure("missing_columns", { columns: missing });
    const names = [...normaliser.columns, ...normaliser.readingColumns];
    const repeated = names.filter((name) => columns.indexOf(name) !== columns.lastIndexOf(name));
    if (repeated.length) throw failure("duplicate_columns", { columns: repeated }); // cli.py read_people
    // The reading columns are optional:
    const where = names.map((name) => columns.indexOf(name)); // -1 where absent, read as blank
    return numbered.map(([line, row]) => {
      const person = { line };
      names.forEach((name, index) => {
        person[name] = where[index] !== -1 && where[index] < row.length ? normaliser.strip(row[where[index]]) : "";
      });
      return person;
    });
  }

  /* ---- the schema and the keys (encode.py parse_schema, hkdf, feature_keys) ---- */

  function canonicalJson(value) {
    if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
    if (value && typeof value === "object") {
      const keys = Object.keys(value).sort(L.compareCodePoints);
      return "{" + keys.map((key) => JSON.stringify(key) + ":" + canonicalJson(value[key])).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  function fromBase64(text) {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  }

  function toHex(buffer) {
    return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  async function parseSchema(document) {
    if (document.version !== 3) throw failure("unsupported_schema", { reason: "version" });
    const clk = document.clkConfig;
    const kdf = clk.kdf || {};
    if ((kdf.type || "HKDF") !== "HKDF" || !["SHA256", "SHA512"].includes(kdf.hash || "SHA256")) {
      throw failure("unsupported_schema", { reason: "kdf" });
    }
    const digest = await crypto.subtle.digest("SHA-256", encoder.encode(canonicalJson(document)));
    const schema = {
      length: clk.l,
      xorFolds: clk.xor_folds || 0,
      hash: (kdf.hash || "SHA256").replace("SHA", "SHA-"),
      salt: kdf.salt === undefined || kdf.salt === null ? new Uint8Array(0) : fromBase64(kdf.salt),
      info: kdf.info === undefined || kdf.info === null ? new Uint8Array(0) : fromBase64(kdf.info),
      keySize: kdf.keySize || 64,
      features: document.features.map(parseFeature),
      fingerprint: toHex(digest),
    };
    const filterLength = schema.length * 2 ** schema.xorFolds;
    if (filterLength & (filterLength - 1)) throw failure("unsupported_schema", { reason: "length" });
    return schema;
  }

  function parseFeature(feature) {
    const hashing = feature.hashing;
    const comparison = hashing.comparison;
    const hash = hashing.hash || { type: "blakeHash" };
    // doubleHash needs HMAC-MD5, which WebCrypto does not offer: the shipped schema uses blakeHash.
    if (feature.ignored || !["ngram", "exact"].includes(comparison.type) || hash.type !== "blakeHash") {
      throw failure("unsupported_schema", { feature: feature.identifier });
    }
    const missing = hashing.missingValue;
    return {
      identifier: feature.identifier,
      n: comparison.type === "ngram" ? comparison.n : null,
      positional: Boolean(comparison.positional),
      bitsPerToken: hashing.strategy.bitsPerToken ?? null,
      bitsPerFeature: hashing.strategy.bitsPerFeature ?? null,
      missing: missing ? [missing.sentinel, missing.replaceWith ?? missing.sentinel] : null,
    };
  }

  /* The secret as the CLI reads a secret file: its UTF-8 bytes, ASCII whitespace stripped at both ends. */
  function secretBytes(secret) {
    let bytes = encoder.encode(secret);
    let start = 0;
    let end = bytes.length;
    while (start < end && ASCII_SPACE.has(bytes[start])) start++;
    while (end > start && ASCII_SPACE.has(bytes[end - 1])) end--;
    bytes = bytes.subarray(start, end);
    if (bytes.length < MINIMUM_SECRET) throw failure("short_secret", { minimum: MINIMUM_SECRET });
    return bytes;
  }

  async function featureKeys(secret, schema) {
    const key = await crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveBits"]);
    const count = 2 * schema.features.length;
    const parameters = { name: "HKDF", hash: schema.hash, salt: schema.salt, info: schema.info };
    const material = new Uint8Array(await crypto.subtle.deriveBits(parameters, key, count * schema.keySize * 8));
    return schema.features.map((_, index) => material.slice(2 * index * schema.keySize, (2 * index + 1) * schema.keySize));
  }

  /* ---- the filters (encode.py tokenise, insertions, blake_positions, Encoder.encode) ---- */

  function tokenise(value, feature) {
    if (feature.missing && value === feature.missing[0]) value = feature.missing[1];
    if (!value) return [];
    if (feature.n === null) return [value];
    const n = feature.n;
    const pad = " ".repeat(n - 1);
    const chars = Array.from(n > 1 ? pad + value + pad : value);
    const grams = [];
    for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(""));
    return feature.positional ? grams.map((gram, index) => `${index + 1} ${gram}`) : grams;
  }

  function insertions(feature, count) {
    if (feature.bitsPerToken !== null || !count) return new Array(count).fill(feature.bitsPerToken || 0);
    const total = feature.bitsPerFeature || 0;
    const share = Math.floor(total / count);
    const rest = total - share * count;
    return Array.from({ length: count }, (_, index) => (index < rest ? share + 1 : share));
  }

  class FilterMaker {
    constructor(schema, keys) {
      this.schema = schema;
      this.length = schema.length * 2 ** schema.xorFolds;
      this.prepared = keys.map((key) => ({ key, salts: [] }));
      this.cache = new Map();
    }

    positions(featureIndex, token, k) {
      const cacheKey = featureIndex + "\u0000" + k + "\u0000" + token;
      let positions = this.cache.get(cacheKey);
      if (positions) return positions;
      positions = [];
      const data = encoder.encode(token);
      const prepared = this.prepared[featureIndex];
      for (let index = 0; index < Math.ceil(k / 32); index++) {
        if (!prepared.salts[index]) {
          prepared.salts[index] = L.blake2bPrepare({ key: prepared.key, salt: encoder.encode(String(index)) });
        }
        const digest = L.blake2bWith(prepared.salts[index], data);
        for (let i = 0; i < 64 && positions.length < k; i += 2) {
          positions.push((digest[i] | (digest[i + 1] << 8)) % this.length);
        }
      }
      this.cache.set(cacheKey, positions);
      return positions;
    }

    encode(fields) {
      let bits = new Uint8Array(this.length);
      this.schema.features.forEach((feature, featureIndex) => {
        const tokens = tokenise(fields[feature.identifier] || "", feature);
        const counts = insertions(feature, tokens.length);
        tokens.forEach((token, index) => {
          for (const position of this.positions(featureIndex, token, counts[index])) bits[position] = 1;
        });
      });
      for (let fold = 0; fold < this.schema.xorFolds; fold++) {
        const half = bits.length / 2;
        bits = bits.slice(0, half).map((bit, index) => bit ^ bits[half + index]);
      }
      return base64OfBits(bits);
    }
  }

  function base64OfBits(bits) {
    let binary = "";
    for (let byte = 0; byte < bits.length / 8; byte++) {
      let value = 0;
      for (let bit = 0; bit < 8; bit++) value = (value << 1) | bits[byte * 8 + bit];
      binary += String.fromCharCode(value);
    }
    return btoa(binary);
  }

  /* ---- dictionaries, loaded only when the list needs them ---- */

  /* A dictionary file; gzip is undone here unless a server already sent it as Content-Encoding. */
  async function fetchJson(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw failure("unreadable", { dictionary: url });
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).json();
  }

  function dictionary(name) {
    if (!loaded[name]) loaded[name] = fetchJson(settings().dictionaries[name]);
    return loaded[name];
  }

  async function normaliser() {
    if (!loaded.normaliser) loaded.normaliser = dictionary("base").then((base) => new L.Normaliser(base));
    return loaded.normaliser;
  }

  /* Normalise one person, loading the kanji or hanzi dictionary the first time a name needs it; also whether
     a name of theirs is read only by a guess from its kanji (cli.py's _reading_notes counts these). */
  async function normalisePerson(normaliser, person) {
    for (;;) {
      try {
        return { fields: normaliser.normalise(person), guessed: normaliser.guessesAReading(person) };
      } catch (error) {
        if (!(error instanceof L.NeedDictionary)) throw error;
        const table = await dictionary(error.dictionary);
        if (error.dictionary === "kanwa") normaliser.setKanwa(table);
        else normaliser.setPinyin(table);
      }
    }
  }

  const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

  async function normaliseAll(normaliser, people, onProgress) {
    const fields = [];
    const badLines = [];
    let guessed = 0;
    for (const [index, person] of people.entries()) {
      try {
        const normalised = await normalisePerson(normaliser, person);
        fields.push(normalised.fields);
        if (normalised.guessed) guessed++;
      } catch (error) {
        if (!(error instanceof L.DateError)) throw error;
        badLines.push(person.line);
      }
      if (onProgress && index % PROGRESS_EVERY === 0) {
        onProgress(index, 2 * people.length);
        await pause();
      }
    }
    if (badLines.length) throw failure("bad_dates", { lines: badLines });
    return { fields, guessed };
  }

  /* ---- the public API ---- */

  L.encodeText = async function (text, secret, options) {
    const { onProgress, onNotes } = options || {};
    const key = secretBytes(secret);
    const normalising = await normaliser();
    const people = readPeople(text, normalising);
    const { fields, guessed } = await normaliseAll(normalising, people, onProgress);
    const schema = await parseSchema(settings().schema);
    const maker = new FilterMaker(schema, await featureKeys(key, schema));
    const clks = [];
    for (const [index, record] of fields.entries()) {
      clks.push(maker.encode(record));
      if (onProgress && index % PROGRESS_EVERY === 0) {
        onProgress(people.length + index, 2 * people.length);
        await pause();
      }
    }
    if (onProgress) onProgress(2 * people.length, 2 * people.length);
    // What the command says besides the file (cli.py's _reading_notes): told to the page, never put in the document.
    if (onNotes) onNotes({ guessedReadings: guessed, people: people.length });
    const lines = people.map((person) => person.line);
    return { format: FORMAT, version: FORMAT_VERSION, schema: schema.fingerprint, bits: schema.length, lines, clks };
  };

  L.encodeFile = async function (file, secret, options) {
    secretBytes(secret); // a short secret is said before the file is read
    let bytes;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch (error) {
      throw failure("unreadable", {});
    }
    return L.encodeText(decode(bytes), secret, options);
  };

  L.decode = decode;

  /* json.dumps(document) + "\n", as `tomoshibi linkage encode` writes the file. */
  L.toText = function (document) {
    const item = (value) => (Array.isArray(value) ? "[" + value.map(item).join(", ") + "]" : JSON.stringify(value));
    const pairs = Object.keys(document).map((key) => JSON.stringify(key) + ": " + item(document[key]));
    return "{" + pairs.join(", ") + "}\n";
  };
})(globalThis);
