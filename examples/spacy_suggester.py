#!/usr/bin/env python3
"""An external suggester for folio that runs a spaCy model (docs/SUGGESTERS.md).

folio writes one request a line on stdin, {"id", "text", "annotations"},
and reads one response a line on stdout, {"id", "suggestions": [...]}.
Offsets are in code points, which is what Python's str indexes and what
spaCy's Span.start_char and Span.end_char give.

    pip install spacy && python3 -m spacy download de_core_news_sm

folio.toml:

    [[suggester]]
    name = "spacy-de"
    command = ["python3", "examples/spacy_suggester.py", "de_core_news_sm"]
    timeout = "10s"
"""
import json
import sys

import spacy

# spaCy's German models label PER, LOC, ORG and MISC, as folio does; the
# English ones use OntoNotes names, mapped here to folio's default labels.
LABELS = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
          "ORG": "ORG", "DATE": "DATE", "EVENT": "EVENT", "WORK_OF_ART": "MISC"}


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else "de_core_news_sm"
    nlp = spacy.load(model)  # stdout stays clean: spaCy logs to stderr
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            doc = nlp(req["text"])
            suggestions = [
                {"start": ent.start_char, "end": ent.end_char,
                 "label": LABELS.get(ent.label_, ent.label_),
                 "score": 1.0, "source": model}
                for ent in doc.ents
            ]
            resp = {"id": req["id"], "suggestions": suggestions}
        except Exception as err:  # one bad document must not end the suggester
            resp = {"id": req["id"], "suggestions": [], "error": str(err)}
        sys.stdout.write(json.dumps(resp, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
