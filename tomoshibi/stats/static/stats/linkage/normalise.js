/* tomoshibi/linkage/normalise.py, ported for the in-browser encoder: the same fields from the same row.
 *
 * Python's Unicode behaviour that JavaScript lacks comes from base.json (exported from the Python that
 * runs normalise.py): str.casefold beyond lower-casing, combining classes (what "a diacritic" is), the
 * decimal digits re's \d matches and int() reads, the whitespace re's \s and str.split use, and which
 * characters CP932 can encode. The word lists (sexes, nationalities, eras) come from normalise.py itself.
 * A missing dictionary is signalled with NeedDictionary: the caller loads it and normalises again.
 */
(function (root) {
  "use strict";
  const L = (root.TomoshibiLinkage = root.TomoshibiLinkage || {});

  class NeedDictionary extends Error {
    constructor(name) {
      super(name);
      this.dictionary = name;
    }
  }

  class DateError extends Error {}

  const hex = (code) => "\\u{" + code.toString(16) + "}";
  const KANA = /[\u3040-\u30ff\u31f0-\u31ff]/u;
  const KANA_LETTER = /[\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff]/u; // not ・ ー ゠
  const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆]/u;
  const APOSTROPHES = /['’]/g; // dropped within a word: shin'ichi is shinichi, O'Brien obrien
  const VARIATION_SELECTORS = /[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu;
  const LATIN = /[a-z]/;
  const NOT_LATIN_LETTER = /[^a-z]/g;
  const FOLDS = [
    [/oh(?=[^aeiouy]|$)/g, "o"],
    [/ou|oo/g, "o"],
    [/uu/g, "u"],
    [/m(?=[bp])/g, "n"],
    [/([tpk])h/g, "$1"],
  ];
  const ASCII = /^[\x00-\x7f]*$/;

  class Normaliser {
    constructor(base) {
      const tables = base.normalise;
      this.casefolds = new Map(Object.entries(base.casefold));
      this.combining = base.combining;
      this.letterRuns = base.letters; // str.isalpha by Python's Unicode, which may be older than the browser's
      this.digitRuns = base.digits;
      this.cp932 = Uint8Array.from(atob(base.cp932), (char) => char.charCodeAt(0));
      this.kata2hiraTable = new Map(Object.entries(base.kata2hira));
      this.sexes = new Map(Object.entries(tables.sexes));
      this.nationalities = new Map(Object.entries(tables.nationalities));
      this.pinyinNationalities = tables.pinyin_nationalities;
      this.syllable = new RegExp("^(?:" + tables.syllable + ")$");
      this.unknownNationalities = new Set(tables.unknown_nationalities);
      this.eras = tables.eras;
      this.letters = new Map(Object.entries(tables.letters));
      this.columns = tables.columns;
      this.readingColumns = tables.reading_columns; // optional: a kanji name's reading (furigana), kana or romaji
      const space = Array.from(base.whitespace, (char) => hex(char.codePointAt(0))).join("");
      const digit = base.digits.map(([first, last]) => hex(first) + "-" + hex(last)).join("");
      this.spaceRun = new RegExp("[" + space + "]+", "gu");
      this.spaceTrim = new RegExp("^[" + space + "]+|[" + space + "]+$", "gu");
      this.separators = new RegExp("[" + space + "・･,./\\-‐_()（）「」]+", "u"); // no apostrophe: shin'ichi is one word
      const d = "[" + digit + "]";
      this.date = new RegExp(`^(${d}{4})(?:[-/.年](${d}{1,2})(?:[-/.月](${d}{1,2})日?)?月?)?年?$`, "u");
      this.compactDate = new RegExp(`^(${d}{4})(${d}{2})(${d}{2})?$`, "u");
      this.eraDate = new RegExp(`^(明治|大正|昭和|平成|令和)(${d}{1,2}|元)年(?:(${d}{1,2})月(?:(${d}{1,2})日)?)?$`, "u");
      this.kakasi = new L.Kakasi(base.kakasi, null, () => {
        throw new NeedDictionary("kanwa");
      });
      this.pinyin = null;
    }

    setKanwa(table) {
      this.kakasi.setKanwa(L.indexKanwa(table));
    }

    setPinyin(tables) {
      this.pinyin = new L.Pinyin(tables);
    }

    /* normalise(Person(...)): the encoder's fields, by name (a reading column left out is blank, as in Person). */
    normalise(typed) {
      const person = {};
      for (const name of [...this.columns, ...this.readingColumns]) {
        person[name] = (typed[name] ?? "").replace(VARIATION_SELECTORS, "");
      }
      const nationality = this.nationality(person.nationality);
      const family = this.nameParts(person.family_name, nationality, this.onePart(person.given_name));
      const given = this.nameParts(person.given_name, nationality, this.onePart(person.family_name));
      const latinFamily = this.latinName(family, person.family_name_reading, nationality);
      const latinGiven = this.latinName(given, person.given_name_reading, nationality);
      const middle = this.withoutMiddleName(latinGiven, nationality, this.aGivenNameInLatinLetters(person));
      const named = [...latinFamily, ...middle];
      const tokens = words(named);
      return {
        family: latinFamily.join(" "),
        given: latinGiven.length ? latinGiven[0] : "",
        name_tokens: sortByCodePoint(tokens).join(" "),
        native: sortByCodePoint([...family.native, ...given.native]).join(""),
        ...birthFields(this.date_(person.date_of_birth)),
        sex: this.sex(person.sex),
        nationality,
      };
    }

    /* guesses_a_reading: whether a part of the name is read only by a guess from its kanji (no kana, romaji or
       reading given). The page counts these people before sending, as `tomoshibi linkage encode` does. */
    guessesAReading(typed) {
      const cell = (name) => (typed[name] ?? "").replace(VARIATION_SELECTORS, "");
      const nationality = this.nationality(cell("nationality"));
      const parts = [
        [cell("family_name"), cell("family_name_reading")],
        [cell("given_name"), cell("given_name_reading")],
      ];
      return parts.some(([name, reading]) => this.guessed(this.nameParts(name, nationality), reading, nationality));
    }

    /* _one_part: a name column holds one part of the name when the other column has a letter in it. */
    onePart(otherColumn) {
      for (const char of otherColumn) if (inRanges(this.letterRuns, char.codePointAt(0)) !== null) return true;
      return false;
    }

    /* _a_given_name_in_latin_letters: the family name is filled in, and the given name has no kana or kanji. */
    aGivenNameInLatinLetters(person) {
      const typed = person.given_name.normalize("NFKC");
      return this.onePart(person.family_name) && !(KANA_LETTER.test(typed) || KANJI.test(typed));
    }

    /* _without_middle_name: a Filipino given name's first word alone; without a known nationality, also a given
       name in Latin letters with a word that is not one syllable (Kristine Rilaang), but not Thi Thu Ha. */
    withoutMiddleName(given, nationality, latinLetters) {
      const first = words(given);
      const unknown = this.unknownNationalities.has(nationality);
      const syllables = first.every((word) => this.syllable.test(word));
      if (nationality !== "ph" && !(unknown && latinLetters && !syllables)) return given;
      return first.slice(0, 1).map((token) => FILIPINO_ABBREVIATIONS.get(token) ?? token);
    }

    /* _guessed: the part is read from its characters alone, and is not a Chinese national's (whose pinyin the
       passport says); pinyin read because the characters are no Japanese ones is a guess too. */
    guessed(parts, writtenReading, nationality) {
      if (!parts.reading.length || parts.latin.length || this.pinyinNationalities.includes(nationality)) return false;
      return !this.givenReading(writtenReading, nationality).length;
    }

    /* _latin_name: the part's own kana or romaji; else the reading the record gives for it (a guess from kanji is
       wrong for many names: 幸恵 is Yukie or Sachie); else the reading guessed from its characters. */
    latinName(parts, writtenReading, nationality) {
      if (parts.latin.length) return parts.latin;
      const given = this.givenReading(writtenReading, nationality);
      return given.length ? given : parts.reading;
    }

    /* _given_reading: the Latin tokens of a reading column; a Chinese national's name takes it only in Latin
       letters (pinyin, or Wade-Giles: Hsieh), not as a katakana rendering (ワン for 王); ・ and ー are no kana. */
    givenReading(text, nationality) {
      if (this.pinyinNationalities.includes(nationality) && KANA_LETTER.test(text.normalize("NFKC"))) return [];
      return this.nameParts(text, nationality).latin;
    }

    /* _name_parts: latin (from romaji and kana), native (other scripts, as written), reading (of the kanji). */
    nameParts(text, nationality, onePart = true) {
      const parts = { latin: [], native: [], reading: [] };
      for (const typed of this.casefold(text.normalize("NFKC")).split(this.separators)) {
        const word = typed.replace(APOSTROPHES, "");
        if (!word) continue;
        if (KANJI.test(word)) {
          parts.reading.push(...this.latinTokens(this.readHanzi(word, nationality, onePart)));
        } else if (KANA.test(word)) parts.latin.push(...this.latinTokens(this.romanise(word, onePart)));
        else if (LATIN.test(this.stripDiacritics(word))) parts.latin.push(...this.latinTokens(this.stripDiacritics(word)));
        else parts.native.push(word);
      }
      return parts;
    }

    latinTokens(text) {
      return text
        .split(this.separators)
        .filter((token) => token.replace(NOT_LATIN_LETTER, ""))
        .map(foldRomaji);
    }

    /* _romanise: Hepburn; in a column holding one part of the name, a single kanji joins the piece beside it unless
       that is a word of several kanji (川河: kawakawa, よし子: yoshiko; マリア花子 stays apart); 々 repeats the
       reading before it (菜々子: nanako). */
    romanise(text, onePart = true) {
      const words = [];
      let previous = "";
      let before = "";
      for (const part of this.kakasi.convert(this.kata2hira(text))) {
        const reading = part.orig === "々" ? before : part.hepburn;
        if (words.length && onePart && joined(piece(previous), piece(part.orig))) words[words.length - 1] += reading;
        else words.push(reading);
        previous = part.orig;
        before = reading;
      }
      return words.join(" ");
    }

    readHanzi(word, nationality, onePart = true) {
      if (this.readsAsChinese(word, nationality)) {
        if (!this.pinyin) throw new NeedDictionary("pinyin");
        return this.pinyin.lazy(word).join("");
      }
      return this.romanise(word, onePart);
    }

    /* _reads_as_chinese: by nationality, or characters Japanese never writes (张). */
    readsAsChinese(word, nationality) {
      return this.pinyinNationalities.includes(nationality) || (nationality !== "jp" && !this.writableInJapanese(word));
    }

    writableInJapanese(word) {
      for (const char of word) {
        const code = char.codePointAt(0);
        if (code > 0xffff || !(this.cp932[code >> 3] & (1 << (code & 7)))) return false;
      }
      return true;
    }

    kata2hira(text) {
      return translate(text, this.kata2hiraTable);
    }

    /* str.casefold(): character by character, as Python folds (no final-sigma context). */
    casefold(text) {
      if (ASCII.test(text)) return text.toLowerCase();
      let out = "";
      for (const char of text) {
        const folded = this.casefolds.get(char);
        out += folded === undefined ? char.toLowerCase() : folded;
      }
      return out;
    }

    stripDiacritics(text) {
      let out = "";
      for (const char of translate(text, this.letters).normalize("NFKD")) if (!this.isCombining(char.codePointAt(0))) out += char;
      return out;
    }

    isCombining(code) {
      return inRanges(this.combining, code) !== null;
    }

    digitValue(text) {
      let value = 0;
      for (const char of text) {
        const code = char.codePointAt(0);
        const run = inRanges(this.digitRuns, code);
        value = value * 10 + (run[2] + code - run[0]);
      }
      return value;
    }

    strip(text) {
      return text.replace(this.spaceTrim, "");
    }

    /* normalise_date: YYYY-MM-DD, YYYY-MM, YYYY or blank; DateError otherwise. */
    date_(text) {
      const typed = text.normalize("NFKC").replace(this.spaceRun, "");
      if (!typed) return "";
      const match = this.date.exec(typed) || this.compactDate.exec(typed);
      if (match) return this.formatDate(this.digitValue(match[1]), match[2], match[3]);
      const era = this.eraDate.exec(typed);
      if (era) {
        const year = this.eras[era[1]] + (era[2] === "元" ? 1 : this.digitValue(era[2])) - 1;
        return this.formatDate(year, era[3], era[4]);
      }
      throw new DateError(text);
    }

    formatDate(year, month, day) {
      const bad = (part, high) => part && !(this.digitValue(part) >= 1 && this.digitValue(part) <= high);
      if (!(year >= 1900 && year <= 2100) || bad(month, 12) || bad(day, 31)) throw new DateError(String(year));
      const parts = [String(year).padStart(4, "0")];
      for (const part of [month, day]) if (part) parts.push(String(this.digitValue(part)).padStart(2, "0"));
      return parts.join("-");
    }

    sex(text) {
      const typed = this.casefold(this.strip(text.normalize("NFKC")));
      return this.sexes.has(typed) ? this.sexes.get(typed) : typed;
    }

    nationality(text) {
      const typed = this.casefold(text.normalize("NFKC"))
        .split(this.spaceRun)
        .filter((part) => part)
        .join(" ");
      if (/^[a-z]{2}$/.test(typed)) return typed;
      if (this.nationalities.get(typed)) return this.nationalities.get(typed);
      const stripped = this.stripDiacritics(typed);
      return this.nationalities.has(stripped) ? this.nationalities.get(stripped) : typed;
    }
  }

  /* str.translate with a table of characters. */
  function translate(text, table) {
    let out = "";
    for (const char of text) {
      const mapped = table.get(char);
      out += mapped === undefined ? char : mapped;
    }
    return out;
  }

  function foldRomaji(token) {
    let folded = token.replace(NOT_LATIN_LETTER, "");
    for (const [pattern, replacement] of FOLDS) folded = folded.replace(pattern, replacement);
    return folded;
  }

  /* "Ma." is how Filipino records shorten Maria: as a first given word it means Maria (normalise.py). */
  const FILIPINO_ABBREVIATIONS = new Map([["ma", "maria"]]); // a Map: no inherited keys ("constructor")

  /* _words: the tokens that are words (an initial "C." is not). */
  function words(tokens) {
    return tokens.filter((token) => Array.from(token).length > 1);
  }

  /* _piece: one kanji ("single"), a word of several kanji ("word"), or kana and the rest. */
  function piece(original) {
    if (!KANJI.test(original)) return "kana";
    return Array.from(original).length === 1 ? "single" : "word";
  }

  function joined(before, after) {
    return (before === "single" || after === "single") && before !== "word" && after !== "word";
  }

  function birthFields(date) {
    const parts = date ? [...date.split("-"), "", "", ""] : ["", "", ""];
    return { birth_year: parts[0], birth_month: parts[1], birth_day: parts[2] };
  }

  /* Binary search in sorted [first, last, ...] ranges: the range holding code, or null. */
  function inRanges(ranges, code) {
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (code < ranges[middle][0]) high = middle - 1;
      else if (code > ranges[middle][1]) low = middle + 1;
      else return ranges[middle];
    }
    return null;
  }

  function compareCodePoints(a, b) {
    const x = Array.from(a, (char) => char.codePointAt(0));
    const y = Array.from(b, (char) => char.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }

  function sortByCodePoint(items) {
    return [...items].sort(compareCodePoints);
  }

  L.Normaliser = Normaliser;
  L.NeedDictionary = NeedDictionary;
  L.DateError = DateError;
  L.compareCodePoints = compareCodePoints;
})(globalThis);
