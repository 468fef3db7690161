"""The words of the report and its charts, in English and Japanese.

The estimation package runs without Django, so its few texts live here as a table rather than in a gettext
catalogue. Placeholders are named ({total}); a text is looked up with `text(key, lang, **values)`.
"""

from __future__ import annotations

LANGUAGES = ("en", "ja")

TEXTS: dict[str, dict[str, str]] = {
    "title": {"en": "Estimate of people no list knows", "ja": "どのリストにも載っていない人数の推計"},
    "summary": {"en": "The data", "ja": "データ"},
    "file": {"en": "File", "ja": "ファイル"},
    "lists": {"en": "Lists", "ja": "リスト"},
    "list_size": {"en": "list size", "ja": "リストの人数"},
    "people_observed": {"en": "People on at least one list", "ja": "少なくとも1つのリストに載っている人"},
    "combinations": {
        "en": "Combinations of lists with people: {count} of {possible}",
        "ja": "人がいるリストの組み合わせ: {possible}通り中{count}通り",
    },
    "figure_title": {"en": "{file}: {observed} people on {lists} lists", "ja": "{file}: {lists}リストに{observed}人"},
    "interval": {"en": "Interval", "ja": "区間"},
    "overlaps": {"en": "Overlaps between lists", "ja": "リスト間の重なり"},
    "overlaps_axis": {"en": "people with exactly\nthis combination", "ja": "この組み合わせ\nだけの人数"},
    "overlaps_title": {
        "en": "overlaps between lists ({observed} people observed)",
        "ja": "リスト間の重なり（観測{observed}人）",
    },
    "overlaps_shown": {
        "en": "the {shown} largest of {count} combinations are drawn",
        "ja": "{count}通りの組み合わせのうち大きい{shown}通りを表示",
    },
    "observed_bar": {"en": "observed", "ja": "観測"},
    "estimated_bar": {"en": "estimated\ntotal\n{total}", "ja": "推計総数\n{total}"},
    "people": {"en": "people", "ja": "人数"},
    "interval_label": {"en": "{level} interval\n{low} to {high}", "ja": "{level}区間\n{low}〜{high}"},
    "estimate": {"en": "The estimate", "ja": "推計"},
    "method": {"en": "Method", "ja": "方法"},
    "stepwise": {
        "en": "stepwise selection (add the pair effect with the smallest p-value while p < {pthresh})",
        "ja": "ステップワイズ選択（p < {pthresh} の間、p値が最小のリスト対の効果を加える）",
    },
    "main": {"en": "main effects only (lists independent)", "ja": "主効果のみ（リストは独立）"},
    "fixed": {"en": "fixed model", "ja": "固定モデル"},
    "model": {"en": "Model", "ja": "モデル"},
    "main_effects": {"en": "main effects", "ja": "主効果"},
    "total": {"en": "Estimated total", "ja": "推計総数"},
    "dark_figure": {"en": "People on no list", "ja": "どのリストにも載っていない人"},
    "bca": {"en": "{level} interval (BCa bootstrap)", "ja": "{level}区間（BCaブートストラップ）"},
    "percentile": {"en": "{level} percentile interval", "ja": "{level}パーセンタイル区間"},
    "given_model": {
        "en": "{level} interval given the model (ignores the choice of model)",
        "ja": "モデルを所与とした{level}区間（モデル選択の不確実性を含まない）",
    },
    "no_interval": {"en": "none", "ja": "なし"},
    "interval_not_computed": {"en": "not computed (--bootstrap 0)", "ja": "計算していません（--bootstrap 0）"},
    "interval_failed": {
        "en": "none: no model passed the checks in {failed} of {size} replicates, so an interval would mislead",
        "ja": "なし: {size}回の反復のうち{failed}回でどのモデルも検査を通らず、区間を示すと誤解を招くため示しません",
    },
    "interval_one_side": {
        "en": "none: every replicate fell on one side of the estimate (BCa undefined)",
        "ja": "なし: すべての反復が推計値の片側に出たため、BCa区間は定まりません",
    },
    "interval_jackknife": {
        "en": "none: a leave-one-out estimate failed the checks, so the BCa acceleration is undefined",
        "ja": "なし: 1件ずつ除いた推計の1つが検査を通らず、BCaの加速定数が定まりません",
    },
    "chao": {
        "en": "Chao's lower bound (no model; only if every list has the same reach)",
        "ja": "Chaoの下限（モデルなし。すべてのリストの捕捉率が等しい場合に限る）",
    },
    "replicates": {
        "en": "{replicates} bootstrap replicates, seed {seed}, {generator} generator",
        "ja": "ブートストラップ反復{replicates}回、シード{seed}、乱数生成器: {generator}",
    },
    "bootstrap": {"en": "Bootstrap distribution", "ja": "ブートストラップ分布"},
    "bootstrap_axis": {"en": "estimated total in a replicate", "ja": "各反復の推計総数"},
    "replicate_count": {"en": "replicates", "ja": "反復数"},
    "bootstrap_caption": {
        "en": "Each bar counts the replicates (the table resampled, the model chosen again) whose estimate fell in it. "
        "The line is the estimate.",
        "ja": "各棒は、表を再抽出しモデルを選び直した反復のうち推計がその範囲に入った数です。線は推計値です。",
    },
    "bootstrap_band": {"en": "The shaded band is the interval.", "ja": "帯は区間です。"},
    "bootstrap_missing": {
        "en": "{missing} of {size} replicates had no estimate (no model passed the checks) and are not drawn; "
        "that is why no interval is given.",
        "ja": "{size}回の反復のうち{missing}回は推計がなく（どのモデルも検査を通らず）、描いていません。このため区間は示していません。",
    },
    "bootstrap_none": {
        "en": "No replicate had an estimate, so there is no chart.",
        "ja": "推計が得られた反復がないため、図はありません。",
    },
    "no_interval_mark": {"en": "no interval", "ja": "区間なし"},
    "sensitivity_no_interval": {
        "en": 'A dot marked "no interval" is an estimate for which no interval could be given (the table says why): '
        "do not read it as precise.",
        "ja": "「区間なし」の点は区間を示せなかった推計です（理由は表にあります）。精確な値と受け取らないでください。",
    },
    "sensitivity": {"en": "Sensitivity", "ja": "感度分析"},
    "sensitivity_caption": {
        "en": "The same analysis with one thing changed. A figure that moves a lot rests on few people.",
        "ja": "1点だけ変えた同じ分析です。大きく動く数字は少数の人に依存しています。",
    },
    "variant": {"en": "Variant", "ja": "変更点"},
    "threshold": {"en": "p < {pthresh}", "ja": "p < {pthresh}"},
    "without": {"en": "without {name}", "ja": "{name}なし"},
    "merged": {"en": "{name} as one list", "ja": "{name}を1つのリストに"},
    "too_small": {"en": "no estimate: {problem}", "ja": "推計なし: {problem}"},
    "models_chosen": {"en": "Models chosen in the bootstrap replicates", "ja": "ブートストラップ反復で選ばれたモデル"},
    "share": {"en": "Share", "ja": "割合"},
    "other_models": {
        "en": "... and {count} other models, chosen in {share} of the replicates together",
        "ja": "…ほか{count}通りのモデル（合わせて反復の{share}）",
    },
    "no_estimate": {"en": "no estimate", "ja": "推計なし"},
    "diagnostics": {"en": "Diagnostics", "ja": "診断"},
    "fit_row": {"en": "{model}", "ja": "{model}"},
    "selected_model": {"en": "selected model", "ja": "選択されたモデル"},
    "deviance": {"en": "Deviance", "ja": "逸脱度"},
    "df": {"en": "df", "ja": "自由度"},
    "steps": {
        "en": "Pair effects added, in order, with their p-value at that step",
        "ja": "追加されたリスト対の効果（順に、その段階のp値）",
    },
    "fitted": {"en": "Fitted against observed", "ja": "当てはめ値と観測値"},
    "combination": {"en": "Combination", "ja": "組み合わせ"},
    "observed_column": {"en": "Observed", "ja": "観測"},
    "fitted_selected": {"en": "Selected model", "ja": "選択モデル"},
    "fitted_main": {"en": "Main effects", "ja": "主効果"},
    "fitted_shown": {
        "en": "The {shown} combinations with the largest gaps of {count} are listed; --diagnostics --json gives all.",
        "ja": "{count}通りのうち差が大きい{shown}通りを表示。全件は --diagnostics --json で得られます。",
    },
    "assumptions": {
        "en": "What the method assumes, and which check speaks to it",
        "ja": "手法の前提と、それを確かめる手がかり",
    },
    "assumption": {"en": "Assumption", "ja": "前提"},
    "check": {"en": "Check in this report", "ja": "この報告での確認"},
    "a_population": {
        "en": "Every list counts the same kind of person in the same area and period.",
        "ja": "すべてのリストが、同じ地域・期間の同じ種類の人を数えている。",
    },
    "c_population": {
        "en": "Not testable from the counts: agree the definition with every organisation. 'Without LIST' shows how much each list weighs.",
        "ja": "件数からは検証できません。定義を全機関で合意してください。「リストなし」で各リストの影響が分かります。",
    },
    "a_closed": {
        "en": "Nobody enters or leaves in a way that depends on the lists.",
        "ja": "リストに依存する形での出入りがない。",
    },
    "c_closed": {
        "en": "Not testable from the counts: keep the period short and the same for every list.",
        "ja": "件数からは検証できません。期間を短く、全リストで同じにしてください。",
    },
    "a_matching": {
        "en": "A person on two lists is recognised as one person, and two people are never taken for one.",
        "ja": "2つのリストに載る人は同一人物と認識され、別人が同一視されることはない。",
    },
    "c_matching": {
        "en": "Not testable from the counts. Missed matches inflate the estimate; check how records were linked.",
        "ja": "件数からは検証できません。照合漏れは推計を過大にします。照合方法を確認してください。",
    },
    "a_dependence": {
        "en": "Dependence between lists (referrals) is captured by pair effects.",
        "ja": "リスト間の依存（紹介など）はリスト対の効果で表せる。",
    },
    "c_dependence": {
        "en": "Diagnostics: fitted against observed, and deviance against df, which says little on sparse tables (with "
        "many lists and few people most combinations are empty, and the deviance is small whatever the model); the "
        "threshold sweep and the merged lists.",
        "ja": "診断: 当てはめ値と観測値、逸脱度と自由度（ただし、リストが多く人数が少ない疎な表では大半の組み合わせが0人で、"
        "逸脱度はどのモデルでも小さくなり、ほとんど何も示しません）。閾値の感度分析、リストの統合。",
    },
    "a_heterogeneity": {
        "en": "People do not differ in how findable they are in a way every list shares.",
        "ja": "すべてのリストに共通する「見つかりやすさ」の個人差がない。",
    },
    "c_heterogeneity": {
        "en": "Not in this report: LCMCR (latent classes), which allows for it, runs as its own command, tomoshibi "
        "estimate FILE --method lcmcr, and makes no report. If its estimate is well above this one, people who are "
        "hard for every list to find may be pulling this estimate down. Chao's lower bound is one only when every list "
        "has the same reach; with lists of unequal size it can exceed the true total, so an estimate below it is not "
        "proof of a problem, but a reason to run LCMCR.",
        "ja": "この報告には含まれません。これを許容するLCMCR（潜在クラスモデル）は別のコマンド tomoshibi estimate FILE "
        "--method lcmcr で実行し、報告は作りません。その推計がこの推計を大きく上回るなら、どのリストにも見つかりにくい人々"
        "のためにこの推計が低く出ている可能性があります。Chaoの下限は、すべてのリストの捕捉率が等しい場合にだけ下限となります。"
        "リストの規模が異なると真の総数を上回ることがあるため、推計がこれを下回っても問題の証拠ではありませんが、LCMCRを実行する理由にはなります。",
    },
    "a_model": {"en": "The chosen model is the right one.", "ja": "選ばれたモデルが正しい。"},
    "c_model": {
        "en": "Models chosen in the bootstrap replicates; the BCa interval includes this uncertainty, the interval given the model does not.",
        "ja": "ブートストラップ反復で選ばれたモデル。BCa区間はこの不確実性を含み、モデルを所与とした区間は含みません。",
    },
    "software": {"en": "Software and command", "ja": "ソフトウェアとコマンド"},
    "version": {"en": "Tomoshibi {version}", "ja": "Tomoshibi {version}"},
    "reproduce": {
        "en": "This command, on the same file, reproduces every figure:",
        "ja": "同じファイルでこのコマンドを実行すると、すべての数字が再現されます:",
    },
    "notes": {"en": "Notes on the input", "ja": "入力についての注記"},
    "read_utf16": {
        "en": "read as UTF-16 (Excel's 'Unicode text')",
        "ja": "UTF-16（Excelの「Unicodeテキスト」）として読み込みました",
    },
    "read_shift_jis": {
        "en": "read as Shift-JIS (CP932), not UTF-8",
        "ja": "UTF-8ではなくShift-JIS（CP932）として読み込みました",
    },
    "repeated_rows": {
        "en": "rows repeating an earlier pattern were added to it (line(s) {lines})",
        "ja": "前の行と同じ組み合わせの行は、その行に合算しました（{lines}行目）",
    },
    "fails_checks": {
        "en": "the model {model} fails the checks: {problems}. {advice}",
        "ja": "{model}のモデルが検査を通りません: {problems}。{advice}",
    },
    "cannot_fit": {
        "en": "the model {model} cannot be fitted: {problems}. {advice}",
        "ja": "{model}のモデルを当てはめられません: {problems}。{advice}",
    },
    "model_main": {"en": "with main effects only", "ja": "主効果のみ"},
    "not_converged": {
        "en": "its fit did not settle (numerical trouble, as very large counts can cause), although its maximum "
        "likelihood estimate exists and it is identifiable",
        "ja": "当てはめが収束しません（非常に大きな件数で起こりうる数値的な問題）。最尤推定値は存在し、識別可能です",
    },
    "mle_missing": {
        "en": "its maximum likelihood estimate does not exist (some estimate would be infinite)",
        "ja": "最尤推定値が存在しません（ある推定値が無限大になります）",
    },
    "not_identifiable": {
        "en": "it is not identifiable (the data cannot tell its parameters apart)",
        "ja": "識別可能ではありません（データからパラメータを区別できません）",
    },
    "both_problems": {"en": "{first} and {second}", "ja": "{first}。また、{second}"},
    "advice_fixed": {
        "en": "Choose another model, or let --method stepwise choose one.",
        "ja": "別のモデルを選ぶか、--method stepwise に選ばせてください。",
    },
    "advice_stepwise_short": {
        "en": "Stepwise selection starts from this model, so it cannot go on.",
        "ja": "ステップワイズ選択はこのモデルから始まるため、先に進めません。",
    },
    "advice_reached": {
        "en": "Stepwise selection reached this model and cannot go on; try --method main or a --model.",
        "ja": "ステップワイズ選択はこのモデルに達し、先に進めません。--method main か --model を試してください。",
    },
    "advice_stepwise": {
        "en": "Stepwise selection starts from this model, so it cannot go on: the lists overlap too little, "
        "or one list holds everybody.",
        "ja": "ステップワイズ選択はこのモデルから始まるため、先に進めません。リストの重なりが少なすぎるか、1つのリストに全員が載っています。",
    },
    "fewer_lists": {"en": "{what}: fewer than two lists remain", "ja": "{what}: 残るリストが2つ未満です"},
    "chart_stepwise": {"en": "stepwise", "ja": "ステップワイズ"},
    "chart_main": {"en": "main effects only", "ja": "主効果のみ"},
    "chart_fixed": {"en": "fixed model", "ja": "固定モデル"},
    "generator_r": {"en": "R-compatible (r)", "ja": "R互換（r）"},
    "generator_numpy": {"en": "NumPy (numpy)", "ja": "NumPy（numpy）"},
    "cautions": {"en": "Cautions", "ja": "注意点"},
    "caution_bca": {
        "en": "The BCa interval is rough: {why}. Read the percentile interval ({low} to {high}) beside it.",
        "ja": "BCa区間は粗い目安です: {why}。パーセンタイル区間（{low}〜{high}）もあわせて見てください。",
    },
    "bca_low_edge": {
        "en": "its lower limit is the smallest of the replicates, so it moves with the random stream (another --seed gives another limit)",
        "ja": "下限が反復の最小値に当たり、乱数列によって大きく変わります（--seed を変えると別の値になります）",
    },
    "bca_high_edge": {
        "en": "its upper limit is the largest of the replicates, so it moves with the random stream (another --seed gives another limit)",
        "ja": "上限が反復の最大値に当たり、乱数列によって大きく変わります（--seed を変えると別の値になります）",
    },
    "bca_bias": {
        "en": "the bias correction is large (z0 = {bias}), so the limits sit far from the middle of the replicates (their median is {median})",
        "ja": "バイアス補正が大きく（z0 = {bias}）、区間の端が反復の中央（中央値{median}）から大きく離れています",
    },
    "and_also": {"en": "{first}; and {rest}", "ja": "{first}。また、{rest}"},
    "caution_model": {
        "en": "The selected model was chosen in only {share} of the bootstrap replicates (the most frequent model in {top}): "
        "under a third, so the choice of model is uncertain. The BCa interval includes this uncertainty; the interval given the model does not.",
        "ja": "選択されたモデルはブートストラップ反復の{share}でしか選ばれていません（最も多いモデルでも{top}）。"
        "3分の1未満であり、モデルの選択は不確実です。BCa区間はこの不確実性を含みますが、モデルを所与とした区間は含みません。",
    },
    "caution_sensitivity": {
        "en": "Changing one choice moves the estimate by more than the interval is wide ({width}): {variants}. "
        "The figure rests on that choice; say so when presenting it.",
        "ja": "1点の変更で推計が区間の幅（{width}）より大きく動きます: {variants}。"
        "数字はその選択に依存しています。提示する際はその旨を伝えてください。",
    },
    "variant_moved": {"en": "{variant} gives {total}", "ja": "{variant}で{total}"},
    "variants_list": {"en": "{first}{rest}", "ja": "{first}{rest}"},
    "variants_more": {"en": ", {first}{rest}", "ja": "、{first}{rest}"},
    "caution_chao": {
        "en": "Chao's figure ({chao}) is above the estimate ({total}). It is a lower bound only if every list has the same reach: "
        "with lists of very unequal reach it can overshoot and means little. Otherwise it suggests that people differ in how "
        "findable they are, or that the lists depend on each other in ways the model misses, and so that the estimate may be "
        "too low. Compare with LCMCR, which allows for such differences, run as its own command: "
        "tomoshibi estimate FILE --method lcmcr.",
        "ja": "Chaoの値（{chao}）が推計（{total}）を上回っています。Chaoの値が下限となるのは、すべてのリストの捕捉率が等しい場合だけです。"
        "捕捉率が大きく異なるリストでは上振れすることがあり、あまり意味を持ちません。そうでなければ、見つかりやすさに個人差があるか、"
        "モデルが捉えていないリスト間の依存があり、推計が過小である可能性を示します。この個人差を許容するLCMCR（別のコマンド "
        "tomoshibi estimate FILE --method lcmcr で実行）の結果と比べてください。",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang` (English when the language is not in the table), with its placeholders filled."""
    entry = TEXTS[key]
    return entry.get(lang, entry["en"]).format(**values)


class Note(str):
    """A text that reads as its English (so the command's output and JSON print it as any string) and keeps its
    key and values, so a report can give it in its own language. Values may be Notes themselves."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Note:
        note = super().__new__(cls, text(key, "en", **values))
        note.key, note.values = key, values
        return note

    def __reduce__(self) -> tuple[object, ...]:  # pickled by key and values: str's own would lose them
        return (_note, (self.key, self.values))

    def render(self, lang: str) -> str:
        return text(self.key, lang, **{name: in_language(value, lang) for name, value in self.values.items()})


def _note(key: str, values: dict[str, object]) -> Note:
    return Note(key, **values)


def in_language(value: object, lang: str) -> object:
    """A Note in `lang`; any other value (a plain string made elsewhere, a number) as it is."""
    return value.render(lang) if isinstance(value, Note) else value
