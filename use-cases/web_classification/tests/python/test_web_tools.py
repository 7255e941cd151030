"""Unit tests of the web_classification python tools: python3 -m unittest discover -s use-cases/web_classification/tests/python"""

import os
import unittest

from tool_harness import LOGGED, load


page = load("flows/experiment/prepare_page_text.py", "prepare_page_text")
examples = load("flows/experiment/prepare_examples.py", "prepare_examples")
grade = load("flows/evaluation/grade.py", "grade")
accuracy = load("flows/evaluation/calculate_accuracy.py", "calculate_accuracy")
precision = load("flows/evaluation_adv/calculate_precision.py", "calculate_precision")


class PreparePageTextTest(unittest.TestCase):
    def setUp(self):
        self._saved = os.environ.get("MAX_TOTAL_TOKEN")

    def tearDown(self):
        if self._saved is None:
            os.environ.pop("MAX_TOTAL_TOKEN", None)
        else:
            os.environ["MAX_TOTAL_TOKEN"] = self._saved

    def test_should_collapse_whitespace(self):
        self.assertEqual(page.prepare_page_text("  Storm closes\n\tferry   routes. "), "Storm closes ferry routes.")

    def test_should_cut_at_a_word_boundary_within_half_the_token_budget(self):
        os.environ["MAX_TOTAL_TOKEN"] = "5"  # 10 characters
        self.assertEqual(page.prepare_page_text("alpha beta gamma delta"), "alpha beta")

    def test_should_drop_a_word_cut_in_two(self):
        os.environ["MAX_TOTAL_TOKEN"] = "5"  # 10 characters
        self.assertEqual(page.prepare_page_text("alpha betagamma"), "alpha")

    def test_should_keep_short_text_unchanged(self):
        os.environ.pop("MAX_TOTAL_TOKEN", None)
        text = "Five-minute peanut noodles. Boil 200 g noodles."
        self.assertEqual(page.prepare_page_text(text), text)


class PrepareExamplesTest(unittest.TestCase):
    def test_should_give_one_example_per_category_with_all_template_fields(self):
        result = examples.prepare_examples()
        self.assertEqual([e["category"] for e in result], ["App", "Profile", "Academic"])
        for example in result:
            self.assertEqual(set(example), {"url", "summary", "category", "evidence"})


class GradeTest(unittest.TestCase):
    def test_should_compare_categories_ignoring_case_and_spaces(self):
        cases = [("Recipe", "recipe ", "Correct"), ("App", "Product", "Incorrect"), ("News", "None", "Incorrect"),
                 ("", "", "Incorrect")]
        for expected, predicted, verdict in cases:
            with self.subTest(expected=expected, predicted=predicted):
                self.assertEqual(grade.grade(expected, predicted), verdict)


    def test_should_fail_when_the_prediction_is_missing(self):
        with self.assertRaisesRegex(ValueError, "prediction is missing"):
            grade.grade("News", None)


class CalculateAccuracyTest(unittest.TestCase):
    def test_should_report_the_share_of_correct_lines_rounded_to_4_decimals(self):
        grades = ["Correct", "Correct", "Incorrect", "Correct", "Incorrect", "Correct"]
        self.assertEqual(accuracy.calculate_accuracy(grades), {"accuracy": 0.6667})

    def test_should_leave_failed_lines_out(self):
        self.assertEqual(accuracy.calculate_accuracy(["Correct", None, "Incorrect", "Correct"]), {"accuracy": 0.6667})

    def test_should_report_nothing_without_graded_lines(self):
        self.assertEqual(accuracy.calculate_accuracy([None]), {})


class CalculatePrecisionTest(unittest.TestCase):
    def test_should_report_precision_per_predicted_category_and_their_mean(self):
        expected = ["Profile", "Recipe", "Movie", "Product", "News", "Academic"]
        predicted = ["Profile", "Recipe", "News", "Product", "News", "Profile"]
        self.assertEqual(
            precision.calculate_precision(expected, predicted),
            {"precision_news": 0.5, "precision_product": 1.0, "precision_profile": 0.5, "precision_recipe": 1.0,
             "precision": 0.75})

    def test_should_count_the_parser_fallback_as_its_own_category(self):
        self.assertEqual(
            precision.calculate_precision(["Academic", "App"], ["None", "App"]),
            {"precision_app": 1.0, "precision_none": 0.0, "precision": 0.5})

    @unittest.skipIf(LOGGED is None, "promptflow is installed; its log_metric is not observable here")
    def test_should_log_every_metric(self):
        LOGGED.clear()
        precision.calculate_precision(["App", "App", "News"], ["App", "News", "News"])
        self.assertEqual(LOGGED, {"precision_app": 1.0, "precision_news": 0.5, "precision": 0.75})


if __name__ == "__main__":
    unittest.main()
