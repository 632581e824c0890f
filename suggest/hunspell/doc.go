// Package hunspell reads hunspell dictionaries (an .aff affix file and a .dic
// word list) and checks words the way the hunspell library does, in pure Go.
//
// It was written for German (de_DE from igerman98), whose affix file builds
// compounds through affix continuation classes, and ports the algorithm of
// hunspell 1.7 (spell, checkword, affix_check, compound_check) closely
// enough that [Dict.Spell] agrees with `hunspell -d de_DE` on every word of
// the OCR development set and of a sample of /usr/share/dict/ngerman with
// capitalised, all-caps and damaged variants (see the tests).
//
// Supported in the .aff file:
//   - SET UTF-8 (other encodings are refused with an error; a file without
//     SET is read as UTF-8, where hunspell assumes ISO8859-1); FLAG char
//     (default), long, num and UTF-8; AF flag aliases; AM (read, ignored);
//   - PFX and SFX with strip, append, conditions ([abc], [^abc], '.'),
//     cross products, continuation classes (two suffixes, a prefix with two
//     suffixes, suffixes enabled by a prefix's continuation class and the
//     reverse);
//   - NEEDAFFIX (PSEUDOROOT), CIRCUMFIX, FORBIDDENWORD, ONLYINCOMPOUND,
//     KEEPCASE, FULLSTRIP, IGNORE, ICONV, OCONV (applied by [Dict.Forms]),
//     CHECKSHARPS, BREAK;
//   - compounding with COMPOUNDFLAG, COMPOUNDBEGIN, COMPOUNDMIDDLE,
//     COMPOUNDEND (COMPOUNDLAST), COMPOUNDPERMITFLAG, COMPOUNDFORBIDFLAG,
//     COMPOUNDROOT, COMPOUNDMIN, COMPOUNDWORDMAX, CHECKCOMPOUNDDUP,
//     CHECKCOMPOUNDCASE and CHECKCOMPOUNDTRIPLE.
//
// In the .dic file: the word count line, "word/flags", "\/" inside words,
// and morphological fields (after a tab or as "xx:value"), which are
// skipped. Mixed-case and all-caps stems get hunspell's hidden capitalised
// homonym, so "OpenOffice" is also accepted as "OPENOFFICE".
//
// Capitalisation follows hunspell: a word is tried as written; an all-caps
// word also capitalised and lower-cased (with ß for SS under CHECKSHARPS);
// a capitalised word also lower-cased unless the stem has KEEPCASE. Like
// hunspell, Spell accepts numbers ("1.000,50") and a string that is empty
// after removing leading spaces and trailing dots, and refuses words of 300
// bytes or more.
//
// Not supported (reported by [Dict.Unsupported] when the .aff uses them):
// COMPOUNDRULE, CHECKCOMPOUNDPATTERN, CHECKCOMPOUNDREP, SIMPLIFIEDTRIPLE,
// COMPOUNDSYLLABLE, SYLLABLENUM, COMPOUNDMORESUFFIXES, COMPLEXPREFIXES,
// FORCEUCASE and WARN. Also not supported: dictionary word pairs (stems
// with spaces), the apostrophe rule for all-caps words (SANT'ELIA), the
// Hungarian and Turkic special cases, morphological analysis, and
// everything that only concerns suggestions (TRY, REP, KEY, MAP, PHONE,
// NOSUGGEST, …), which is read and ignored.
//
// Inputs are bounded: files over 64 MiB, lines over 64 KiB and affix
// conditions over 1024 characters are refused with an error naming the
// line, and each Spell call has a work budget shared by the compound search
// and the recursion at BREAK points; past it the word is refused, as
// hunspell refuses a word whose compound analysis exceeds its time limit.
// No de_DE word comes near the budget. A loaded [Dict] is read-only and safe
// for concurrent use.
package hunspell
