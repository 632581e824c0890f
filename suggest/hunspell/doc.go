// Package hunspell reads hunspell dictionaries (an .aff affix file and a .dic
// word list) and checks words the way the hunspell library does, in pure Go.
//
// It was written for German (de_DE from igerman98), whose affix file relies on
// compounding through affix continuation classes, and follows the algorithm of
// hunspell 1.7 (checkword, affix_check, compound_check) closely enough that
// [Dict.Spell] agrees with `hunspell -d de_DE` on real OCR text.
//
// Supported in the .aff file:
//   - SET UTF-8 (other encodings are refused with an error), FLAG char
//     (default), long, num and UTF-8, AF flag aliases, AM (parsed, ignored);
//   - PFX and SFX with strip, append, conditions ([abc], [^abc], '.'),
//     cross products, continuation classes (two-fold suffixes, prefix plus
//     two suffixes, suffixes enabled by a prefix's continuation class);
//   - NEEDAFFIX (PSEUDOROOT), CIRCUMFIX, FORBIDDENWORD, ONLYINCOMPOUND,
//     KEEPCASE, FULLSTRIP, IGNORE, ICONV, OCONV (for [Dict.Forms]),
//     CHECKSHARPS, BREAK;
//   - compounding with COMPOUNDFLAG, COMPOUNDBEGIN, COMPOUNDMIDDLE,
//     COMPOUNDEND (COMPOUNDLAST), COMPOUNDPERMITFLAG, COMPOUNDFORBIDFLAG,
//     COMPOUNDROOT, COMPOUNDMIN, COMPOUNDWORDMAX, CHECKCOMPOUNDDUP,
//     CHECKCOMPOUNDCASE, CHECKCOMPOUNDTRIPLE.
//
// Capitalisation follows hunspell: a word is tried as written, an all-caps
// word also capitalised and lower-cased (with ß for SS under CHECKSHARPS), a
// capitalised word also lower-cased unless the entry has KEEPCASE.
//
// Not supported (parsed and reported by [Dict.Unsupported], or ignored when
// they only matter for suggestions): COMPOUNDRULE, CHECKCOMPOUNDPATTERN,
// CHECKCOMPOUNDREP, SIMPLIFIEDTRIPLE, COMPOUNDSYLLABLE, SYLLABLENUM,
// COMPOUNDMORESUFFIXES, COMPLEXPREFIXES, FORCEUCASE, WARN, dictionary word
// pairs, the Hungarian and Turkic special cases, morphological fields, and
// everything about suggestions (TRY, REP, KEY, MAP, PHONE, NOSUGGEST …).
//
// Inputs are bounded: files over 64 MiB, lines over 64 KiB and affix
// conditions over 1024 characters are refused with an error, and the
// compound search gives up (rejecting the word, as hunspell's time limit
// does) after a fixed number of steps. A loaded [Dict] is read-only and safe
// for concurrent use.
package hunspell
