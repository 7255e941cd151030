"""Unit tests of the python tools of {{use_case_name}}: python3 -m unittest discover -s tests/python"""

import unittest

from tool_harness import LOGGED, load


f1 = load("flows/evaluation/f1.py", "f1")
f1_mean = load("flows/evaluation/f1_mean.py", "f1_mean")


class F1Test(unittest.TestCase):
    def test_should_score_token_overlap(self):
        cases = [
            ("6 hours on high.", "6 hours on high", 1.0),
            # answer tokens: about 6 hours on high setting (article dropped); 4 of 6 shared, all 4 expected found
            ("About 6 hours on the high setting.", "6 hours on high.", 0.8),
            ("No rear light.", "Up to 800 lumens.", 0.0),
            ("", "2 years.", 0.0),
        ]
        for answer, truth, expected in cases:
            with self.subTest(answer=answer, truth=truth):
                self.assertAlmostEqual(f1.f1(answer, truth), expected, places=9)

    def test_should_count_a_repeated_token_only_as_often_as_the_reference_has_it(self):
        # shared: one "hours" only; precision 1/3, recall 1/2 -> 0.4
        self.assertAlmostEqual(f1.f1("hours hours hours", "20 hours"), 0.4, places=9)

    def test_should_fail_the_line_when_the_answer_is_missing(self):
        with self.assertRaisesRegex(ValueError, "answer is missing"):
            f1.f1(None, "2 years.")

    def test_should_fail_the_line_when_the_reference_is_empty(self):
        with self.assertRaisesRegex(ValueError, "ground_truth is empty"):
            f1.f1("2 years.", "the")


class F1MeanTest(unittest.TestCase):
    def test_should_report_the_mean_of_scored_lines_rounded_to_4_decimals(self):
        self.assertEqual(f1_mean.f1_mean([1.0, 0.5, None, 0.0]), {"f1_score": 0.5})
        self.assertEqual(f1_mean.f1_mean([1.0, 0.0, 0.0]), {"f1_score": 0.3333})

    def test_should_report_nothing_without_scored_lines(self):
        self.assertEqual(f1_mean.f1_mean([None]), {})

    @unittest.skipIf(LOGGED is None, "promptflow is installed; its log_metric is not observable here")
    def test_should_log_the_mean(self):
        LOGGED.clear()
        f1_mean.f1_mean([0.25, 0.75])
        self.assertEqual(LOGGED, {"f1_score": 0.5})


if __name__ == "__main__":
    unittest.main()
