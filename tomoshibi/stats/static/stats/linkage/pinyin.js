/* pypinyin 0.55's lazy_pinyin(word) with its default options, ported for the in-browser encoder.
 *
 * The word is cut into runs of hanzi and of other characters (simpleseg); each hanzi run is segmented by
 * forward maximum matching against the phrase dictionary (mmseg, with no_non_phrases), a phrase takes its
 * dictionary readings and any other character its first reading; characters without a reading are kept
 * as they are. The readings come from pinyin.json (tomoshibi/linkage/dictionaries.py), already in
 * lazy_pinyin's style, so no tone handling is needed here.
 */
(function (root) {
  "use strict";
  const HANS = new RegExp(
    "^[\\u3007\\ue815-\\ue864\\ufa18\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff" +
      "\\u{20000}-\\u{2A6DF}\\u{2A703}-\\u{2B73F}\\u{2B740}-\\u{2B81D}\\u{2B825}-\\u{2BF6E}" +
      "\\u{2C029}-\\u{2CE93}\\u{2D016}\\u{2D11B}-\\u{2EBD9}\\u{2F80A}-\\u{2FA1F}" +
      "\\u{30000}-\\u{3134A}\\u{300F7}-\\u{31288}\\u{30EDD}\\u{30EDE}\\u{31350}-\\u{32389}]$",
    "u"
  );

  class Pinyin {
    constructor(tables) {
      this.chars = new Map(Object.entries(tables.chars));
      this.phrases = new Map(Object.entries(tables.phrases));
      this.prefixes = new Set();
      for (const phrase of this.phrases.keys()) {
        let prefix = "";
        for (const char of phrase) {
          prefix += char;
          this.prefixes.add(prefix);
        }
      }
    }

    /* lazy_pinyin(word), as a list of strings. */
    lazy(word) {
      const readings = [];
      for (const run of simpleSegments(Array.from(word))) {
        if (!run.every((char) => HANS.test(char))) {
          readings.push(run.join(""));
          continue;
        }
        for (const phrase of this.cut(run)) readings.push(...this.phraseReadings(phrase));
      }
      return readings;
    }

    phraseReadings(phrase) {
      const known = this.phrases.get(phrase.join(""));
      if (known !== undefined) return known;
      return phrase.map((char) => {
        const reading = this.chars.get(char);
        return reading === undefined ? char : reading;
      });
    }

    /* mmseg.Seg(prefix_set, no_non_phrases=True).cut */
    cut(text) {
      const words = [];
      let remain = text;
      while (remain.length) {
        let lastValid = null;
        let lastIndex = 0;
        let stopped = false;
        for (let index = 0; index < remain.length; index++) {
          const word = remain.slice(0, index + 1);
          const joined = word.join("");
          if (this.prefixes.has(joined)) {
            if (this.phrases.has(joined)) {
              lastValid = word;
              lastIndex = index + 1;
            }
          } else {
            if (lastValid) {
              words.push(lastValid);
              remain = remain.slice(lastIndex);
            } else {
              words.push(remain.slice(0, 1));
              remain = remain.slice(1);
            }
            stopped = true;
            break;
          }
        }
        if (stopped) continue;
        if (lastValid) {
          words.push(lastValid);
          remain = remain.slice(lastIndex);
        } else {
          if (!this.phrases.has(remain.join(""))) for (const char of remain) words.push([char]);
          else words.push(remain);
          break;
        }
      }
      return words;
    }
  }

  /* simpleseg._seg: runs of hanzi and of everything else, in order. */
  function simpleSegments(chars) {
    const runs = [];
    let run = [];
    let hans = null;
    for (const char of chars) {
      const isHan = HANS.test(char);
      if (hans !== null && isHan !== hans) {
        runs.push(run);
        run = [];
      }
      hans = isHan;
      run.push(char);
    }
    runs.push(run);
    return runs;
  }

  const L = (root.TomoshibiLinkage = root.TomoshibiLinkage || {});
  L.Pinyin = Pinyin;
})(globalThis);
