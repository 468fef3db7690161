/* pykakasi 2.3's Kakasi.convert (kana and kanji to Hepburn), ported line for line for the in-browser encoder.
 *
 * normalise.py joins the "hepburn" of every part pykakasi returns; this returns those parts' Hepburn
 * strings, computed exactly as pykakasi/kakasi.py, kanji.py and scripts.py compute them, from tables
 * exported from the installed pykakasi (tomoshibi/linkage/dictionaries.py). Text is handled as arrays of
 * code points, as Python indexes strings. Quirks of pykakasi are kept on purpose (an unknown kanji skips
 * the character after it; a character of no known script is not cleared from the buffer): the encodings
 * must be the same, not better.
 */
(function (root) {
  "use strict";
  const KANJI = 1, KANA = 2, HIRAGANA = 3, SYMBOL = 4, ALPHA = 5;
  const MAXLEN = 32;
  const KANA_DIFF = 0x30a1 - 0x3041;
  const SMALL_KANA_DIFF = 0x1b164 - 0x1b150;

  const code = (char) => char.codePointAt(0);
  const lastChar = (text) => (text ? Array.from(text).pop() : "");

  function isKatakana(char) {
    const c = code(char);
    return (c > 0x30a0 && c < 0x30fd) || (c > 0xff65 && c < 0xff9f) || (c >= 0x1b164 && c <= 0x1b167);
  }

  function isHiragana(char) {
    const c = code(char);
    return (c > 0x3040 && c < 0x3097) || (c >= 0x1b150 && c <= 0x1b152);
  }

  function isAlpha(char) {
    const c = code(char);
    return c >= 0x20 && c < 0x7f;
  }

  function isSymbol(char) {
    const c = code(char);
    return (
      (c >= 0x3000 && c <= 0x3020) ||
      (c >= 0x3030 && c <= 0x303f) ||
      (c >= 0x0391 && c <= 0x30a1) || // pykakasi's bound for Greek Rho is 0x30A1, not 0x03A1
      (c >= 0x30a3 && c <= 0x03a9) ||
      (c >= 0x03b1 && c <= 0x03c9) ||
      (c >= 0x0410 && c <= 0x044f) ||
      (c >= 0xff01 && c <= 0xff1a) ||
      (c >= 0x00a1 && c <= 0x00ff) ||
      (c >= 0xff20 && c <= 0xff5e) ||
      c === 0x0451 ||
      c === 0x0401
    );
  }

  class Kakasi {
    /* tables: base.json's "kakasi"; kata2hira: base.json's; kanwa: the kanji dictionary or null;
     * needKanwa(): called (and expected to throw) when a kanji must be read and kanwa is not loaded. */
    constructor(tables, kanwa, needKanwa) {
      this.t = tables;
      this.hepburnhira = new Map(Object.entries(tables.hepburnhira));
      this.maxKeyLength = tables.hepburnhira._max_key_len_;
      this.halfkana = new Map(Object.entries(tables.halfkana));
      this.itaiji = new Map(Object.entries(tables.itaiji));
      this.endmark = new Set(Array.from(tables.endmark));
      this.longSymbols = new Set(Array.from(tables.long_symbols));
      this.kanwa = kanwa;
      this.needKanwa = needKanwa;
      this.cache = new Map();
    }

    setKanwa(kanwa) {
      this.kanwa = kanwa;
    }

    isKanjiRegion(char) {
      const c = code(char);
      return (c >= 0x3400 && c < 0xe000) || this.itaiji.has(char);
    }

    /* [{orig, hepburn} of each part] for Kakasi().convert(text). */
    convert(text) {
      const chars = Array.from(text);
      if (!chars.length) return [{ orig: "", hepburn: "" }];
      const result = [];
      let original = "";
      let kana = "";
      let previous = KANJI;
      let i = 0;
      const flush = () => {
        if (original.length > 0) result.push({ orig: original, hepburn: this.hepburn(kana) });
      };
      while (i < chars.length) {
        const char = chars[i];
        let action;
        if (this.endmark.has(char)) {
          previous = SYMBOL;
          action = "bufout_next";
        } else if (this.longSymbols.has(char)) {
          action = "put_next";
        } else if (isKatakana(char)) {
          action = previous === KANA ? "put_next" : "bufout_next";
          previous = KANA;
        } else if (isHiragana(char)) {
          action = previous === HIRAGANA ? "put_next" : "bufout_next";
          previous = HIRAGANA;
        } else if (isAlpha(char)) {
          action = previous === ALPHA ? "put_next" : "bufout_next";
          previous = ALPHA;
        } else if (isSymbol(char)) {
          action = previous !== SYMBOL ? "bufout_next" : "output_current_next";
          previous = SYMBOL;
        } else if (this.isKanjiRegion(char)) {
          flush();
          const [reading, length] = this.readKanji(chars.slice(i), original);
          previous = KANJI;
          if (length > 0) {
            original = chars.slice(i, i + length).join("");
            kana = reading;
            i += length;
            action = "nothing";
          } else {
            original = char;
            kana = "";
            i += 1;
            action = "bufout_skip";
          }
        } else if ((code(char) >= 0xf000 && code(char) <= 0xfffd) || (code(char) >= 0x10000 && code(char) <= 0x10fffd)) {
          previous = SYMBOL;
          flush();
          i += 1;
          action = "nothing";
        } else {
          flush();
          result.push({ orig: char, hepburn: this.hepburn("") });
          i += 1;
          action = "nothing";
        }
        if (action === "bufout_next") {
          flush();
          original = chars[i];
          kana = chars[i];
          i += 1;
        } else if (action === "put_next") {
          original += chars[i];
          kana += chars[i];
          i += 1;
        } else if (action === "output_current_next") {
          flush();
          result.push({ orig: chars[i], hepburn: this.hepburn(chars[i]) });
          original = "";
          kana = "";
          i += 1;
        } else if (action === "bufout_skip") {
          flush();
          original = "";
          kana = "";
          i += 1;
        }
      }
      flush();
      return result;
    }

    /* JConv.convert: the longest dictionary word at the start of text, and its length. */
    readKanji(itext, before) {
      if (!this.kanwa) this.needKanwa();
      const text = [];
      for (const char of itext) {
        const variant = this.itaiji.get(char);
        if (variant === undefined) text.push(char);
        else if (variant !== null) text.push(...Array.from(variant));
      }
      const vs = itext.length - text.length;
      if (!text.length) return ["", 0];
      const longest = this.kanwa.longest.get(text[0]);
      if (longest === undefined) return ["", 0];
      let reading = "";
      let length = 0;
      for (let size = Math.min(longest, text.length); size >= 1 && !length; size--) {
        const readings = this.kanwa.words.get(text.slice(0, size).join(""));
        const chosen = readings === undefined ? null : firstReading(readings, before);
        if (chosen !== null) {
          reading = chosen;
          length = size;
        }
      }
      return [reading, this.lengthWithSelectors(itext, text, vs, length)];
    }

    lengthWithSelectors(itext, text, vs, length) {
      const at = (array, index) => array[index < 0 ? array.length + index : index];
      for (let n = 0; n < vs; n++) {
        if (length > itext.length) break;
        else if (at(text, length - 1) !== at(itext, length - 1)) length += 1;
        else if (length < vs + text.length && length <= itext.length && isVariationSelector(itext[length])) length += 1;
      }
      return length;
    }

    /* IConv.convert(...)["hepburn"]: _s2a(_h2ah(_k2h(kana))) */
    hepburn(kana) {
      let value = this.cache.get(kana);
      if (value === undefined) {
        value = this.symbolsToAlpha(this.hiraganaToHepburn(this.katakanaToHiragana(Array.from(kana))));
        this.cache.set(kana, value);
      }
      return value;
    }

    katakanaToHiragana(chars) {
      return convertInWindows(chars, (window) => this.k2h(window));
    }

    k2h(text) {
      let out = "";
      let length = 0;
      let x = 0;
      while (x < text.length) {
        const c = code(text[x]);
        if (c >= 0x1b164 && c < 0x1b167) {
          out += String.fromCodePoint(c - SMALL_KANA_DIFF);
        } else if (c === 0x1b167) {
          out += "\u3093";
        } else if (c > 0x30a0 && c < 0x30f7) {
          out += String.fromCodePoint(c - KANA_DIFF);
        } else if (c >= 0x30f7 && c < 0x30fd) {
          out += text[x];
        } else if (c > 0xff65 && c < 0xff9f) {
          const [half, size] = this.halfKana(text.slice(x));
          if (size > 0) {
            length += size;
            x += size;
            out += code(half) === 0x309b ? half : String.fromCodePoint(code(half) - KANA_DIFF);
          } else {
            length += 1;
            x += 1;
          }
          continue;
        } else {
          break;
        }
        length += 1;
        x += 1;
      }
      return [out, length];
    }

    halfKana(text) {
      for (const size of [2, 1]) {
        const key = text.slice(0, size).join("");
        if (this.halfkana.has(key)) return [this.halfkana.get(key), size];
      }
      return ["", -1];
    }

    hiraganaToHepburn(chars) {
      return convertInWindows(chars, (window) => this.h2a(window));
    }

    /* H2("a").convert_a: the longest kana sequence at the start that the Hepburn table knows. */
    h2a(window) {
      let converted = "";
      let length = -1;
      for (let x = 1; x <= Math.min(this.maxKeyLength, window.length); x++) {
        const key = window.slice(0, x).join("");
        if (this.hepburnhira.has(key) && length < x) {
          length = x;
          converted = this.hepburnhira.get(key);
        }
      }
      return [converted, length];
    }

    symbolsToAlpha(chars) {
      let result = "";
      for (const char of chars) {
        const converted = this.symbol(code(char), char);
        if (converted !== null && converted !== undefined && converted.length > 0) result += converted;
        else if (this.longSymbols.has(char)) result += result.length > 0 ? lastChar(result) : "-";
        else result += char;
      }
      return result;
    }

    /* Sym2._convert */
    symbol(c, char) {
      const t = this.t;
      if (c >= 0x3000 && c <= 0x3020) return t.symbol_table_1[c - 0x3000];
      if (c >= 0x3030 && c <= 0x303f) return t.symbol_table_2[c - 0x3030];
      if (c >= 0x0391 && c <= 0x03a9) return t.symbol_table_3[c - 0x0391];
      if (c >= 0x03b1 && c <= 0x03c9) return t.symbol_table_4[c - 0x03b1];
      if ((c >= 0x0410 && c <= 0x044f) || c === 0x0401 || c === 0x0451) return t.cyrillic_table[char];
      if (c >= 0xff01 && c <= 0xff0f) return t.symbol_table_5[c - 0xff01];
      if (c >= 0xff10 && c <= 0xff1a) return String.fromCodePoint(c - 0xff10 + 0x30);
      if (c >= 0xff20 && c <= 0xff40) return String.fromCodePoint(0x41 + c - 0xff21);
      if (c >= 0xff41 && c < 0xff5f) return String.fromCodePoint(0x61 + c - 0xff41);
      if (c >= 0x00a1 && c <= 0x00ff) return t.latin1_table[c - 0x00a1];
      return "";
    }
  }

  /* IConv's loop: convert from each position in windows of 32 characters, or copy one character. */
  function convertInWindows(chars, convert) {
    let result = "";
    let i = 0;
    while (i < chars.length) {
      const [converted, length] = convert(chars.slice(i, Math.min(i + MAXLEN, chars.length)));
      if (length > 0) {
        result += converted;
        i += length;
      } else {
        result += chars[i];
        i += 1;
      }
    }
    return Array.from(result);
  }

  function firstReading(readings, before) {
    if (typeof readings === "string") return readings;
    for (const reading of readings) {
      if (typeof reading === "string") return reading;
      if (reading[1].includes(before)) return reading[0];
    }
    return null;
  }

  function isVariationSelector(char) {
    if (char === undefined) return false;
    const c = code(char);
    return (c >= 0x0e0100 && c <= 0x0e1ef) || (c >= 0xfe00 && c <= 0xfe02);
  }

  /* The kanji dictionary (kanwa.json) as lookups: every word, and per first character its longest word. */
  function indexKanwa(table) {
    const words = new Map(Object.entries(table));
    const longest = new Map();
    for (const word of words.keys()) {
      const chars = Array.from(word);
      if ((longest.get(chars[0]) || 0) < chars.length) longest.set(chars[0], chars.length);
    }
    return { words, longest };
  }

  const L = (root.TomoshibiLinkage = root.TomoshibiLinkage || {});
  L.Kakasi = Kakasi;
  L.indexKanwa = indexKanwa;
})(globalThis);
