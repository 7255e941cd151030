"""Unit tests of the python tools of {{use_case_name}}: python3 -m unittest discover -s tests/python"""

import unittest

from tool_harness import LOGGED, load


cleansing = load("flows/standard/cleansing.py", "cleansing")
match = load("flows/evaluation/match.py", "match")
match_rates = load("flows/evaluation/match_rates.py", "match_rates")


class CleansingTest(unittest.TestCase):
    def test_should_split_on_commas_and_trim_edge_punctuation(self):
        cases = [
            ("Ada Fernsby, Tomas Orel", ["Ada Fernsby", "Tomas Orel"]),
            ("Gdansk.", ["Gdansk"]),
            ("\"Porto\", 'Braga' ,", ["Porto", "Braga"]),
            ("F. Scott Fitzgerald.", ["F. Scott Fitzgerald"]),
            (",,", []),
        ]
        for answer, expected in cases:
            with self.subTest(answer=answer):
                self.assertEqual(cleansing.cleansing(answer), expected)

    def test_should_read_none_as_no_entity(self):
        for answer in ("None", "none.", " NONE ", None):
            with self.subTest(answer=answer):
                self.assertEqual(cleansing.cleansing(answer), [])


class MatchTest(unittest.TestCase):
    def test_should_score_exact_and_partial_matches(self):
        cases = [
            (["Tomas Orel", "ada  fernsby"], ["Ada Fernsby", "Tomas Orel"], 1, 1),
            ([], [], 1, 1),
            (["Lumen Biotech", "Priya Natarajan"], ["Lumen Biotech"], 0, 1),
            (["Dr. Priya Natarajan"], ["Priya Natarajan"], 0, 1),
            (["Halden Shipping"], ["30/06/2024"], 0, 0),
            ([], ["Porto"], 0, 0),
        ]
        for entities, truth, exact, partial in cases:
            with self.subTest(entities=entities, truth=truth):
                self.assertEqual(match.match(entities, truth), {"exact_match": exact, "partial_match": partial})

    def test_should_fail_the_line_when_an_input_is_missing(self):
        with self.assertRaisesRegex(ValueError, "entities is missing"):
            match.match(None, ["Porto"])
        with self.assertRaisesRegex(ValueError, "ground_truth is missing"):
            match.match(["Porto"], None)


class MatchRatesTest(unittest.TestCase):
    def test_should_report_the_share_of_matching_lines(self):
        matches = [{"exact_match": 1, "partial_match": 1}, {"exact_match": 0, "partial_match": 1},
                   {"exact_match": 0, "partial_match": 0}, None, {"exact_match": 1, "partial_match": 1}]
        self.assertEqual(match_rates.match_rates(matches), {"exact_match_rate": 0.5, "partial_match_rate": 0.75})

    def test_should_report_nothing_without_scored_lines(self):
        self.assertEqual(match_rates.match_rates([None]), {})

    @unittest.skipIf(LOGGED is None, "promptflow is installed; its log_metric is not observable here")
    def test_should_log_both_rates(self):
        LOGGED.clear()
        match_rates.match_rates([{"exact_match": 0, "partial_match": 1}])
        self.assertEqual(LOGGED, {"exact_match_rate": 0.0, "partial_match_rate": 1.0})


if __name__ == "__main__":
    unittest.main()
