/**
 * The recogniser's character set: PaddleOCR's `ppocr_keys_v1.txt` (one
 * character a line), with index 0 the CTC blank and a space appended at the end
 * (PaddleOCR's `use_space_char`). The Chinese dictionary holds full-width
 * forms of ASCII punctuation ('，', '：', '（'); on Latin text the model often
 * picks those, so they are mapped to their ASCII forms here, once.
 */

/** Class index → text. Index 0 (blank) is ''. */
export function parseDictionary(keys: string, classCount: number): string[] {
  const lines = keys.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const charset = ['', ...lines.map(toAscii), ' '];
  if (charset.length !== classCount) {
    throw new Error(
      `the recognition model has ${classCount} classes but its dictionary gives ${charset.length}`,
    );
  }
  return charset;
}

const ASCII_FORMS: Record<string, string> = {
  '\u3000': ' ', // ideographic space
  '。': '.',
  '、': ',',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '—': '-',
  '–': '-',
  '·': '.',
};

/** Full-width ASCII (U+FF01–U+FF5E) and a few CJK punctuation marks → ASCII. */
export function toAscii(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (char.length === 1 && code >= 0xff01 && code <= 0xff5e) {
    return String.fromCharCode(code - 0xfee0);
  }
  return ASCII_FORMS[char] ?? char;
}
