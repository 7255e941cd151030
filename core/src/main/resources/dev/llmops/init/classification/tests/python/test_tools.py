"""Unit tests of the python tools of {{use_case_name}}: python3 -m unittest discover -s tests/python"""

import unittest

from tool_harness import LOGGED, load


parse = load("flows/standard/parse_category.py", "parse_category")
grade = load("flows/evaluation/grade.py", "grade")
accuracy = load("flows/evaluation/accuracy.py", "accuracy")


class ParseCategoryTest(unittest.TestCase):
    def test_should_map_the_answer_onto_a_known_category(self):
        cases = [
            ("Billing", "Billing"),
            ("technical.", "Technical"),
            (" \"Account\" ", "Account"),
            ("The category is Shipping.", "Shipping"),
            ("Billing or Account", "Unknown"),
            ("Refunds", "Unknown"),
            ("", "Unknown"),
            (None, "Unknown"),
        ]
        for answer, expected in cases:
            with self.subTest(answer=answer):
                self.assertEqual(parse.parse_category(answer), expected)


class GradeTest(unittest.TestCase):
    def test_should_compare_categories_ignoring_case_and_spaces(self):
        cases = [("Billing", "billing ", 1), ("Shipping", "Technical", 0), ("Account", "Unknown", 0)]
        for expected, predicted, verdict in cases:
            with self.subTest(expected=expected, predicted=predicted):
                self.assertEqual(grade.grade(expected, predicted), verdict)

    def test_should_fail_the_line_when_the_prediction_is_missing(self):
        with self.assertRaisesRegex(ValueError, "prediction is missing"):
            grade.grade("Billing", None)

    def test_should_fail_the_line_when_the_expected_category_is_empty(self):
        with self.assertRaisesRegex(ValueError, "groundtruth is empty"):
            grade.grade(" ", "Billing")


class AccuracyTest(unittest.TestCase):
    def test_should_report_the_share_of_correct_lines_without_failed_ones(self):
        self.assertEqual(accuracy.accuracy([1, 0, None, 1, 1]), {"accuracy": 0.75})

    def test_should_report_nothing_without_graded_lines(self):
        self.assertEqual(accuracy.accuracy([None]), {})

    @unittest.skipIf(LOGGED is None, "promptflow is installed; its log_metric is not observable here")
    def test_should_log_the_accuracy(self):
        LOGGED.clear()
        accuracy.accuracy([1, 0])
        self.assertEqual(LOGGED, {"accuracy": 0.5})


if __name__ == "__main__":
    unittest.main()
