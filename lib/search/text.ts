// Character classes shared by the query parser and the document builder: what one treats as an
// identifier or as text without spaces, the other must have put in the document's identifiers.

/** Scripts written without spaces between words: to_tsvector keeps a whole run as one "word". */
export const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

/** A run of UNSPACED characters. */
export const UNSPACED_RUN = new RegExp(`${UNSPACED.source}+`, "gu");

/**
 * An identifier: letters and digits joined by the characters ids, SKUs, codes, paths, e-mail
 * addresses and URLs are made of. (The document keeps those that hold a digit or such a joiner.)
 */
export const IDENT = /[\p{L}\p{M}\p{N}_\-./@:#+=~$%&?]+/u;
