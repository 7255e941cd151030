"""Unit tests of the code_generation flex code: python3 -m unittest discover -s use-cases/code_generation/tests/python"""

import unittest

from flex_harness import load

programmer = load("flows/standard/programmer.py", "programmer")
prompt = load("flows/standard/prompt.py", "prompt")
code_quality = load("flows/code_quality/code_quality.py", "code_quality")


class ExtractCodeTest(unittest.TestCase):
    def test_should_take_the_first_fenced_block_without_its_language_line(self):
        answer = "Sure:\n```python\ndef f():\n    return 1\n```\nDone."
        self.assertEqual(programmer.extract_code(answer), "def f():\n    return 1")

    def test_should_keep_an_answer_without_fence(self):
        self.assertEqual(programmer.extract_code("  print(1)\n"), "print(1)")


class RenderTest(unittest.TestCase):
    def test_should_substitute_the_task(self):
        text = prompt.render("Task: {{ text }}!", text="sum a list")
        self.assertEqual(text, "Task: sum a list!")


class CodeEvaluatorTest(unittest.TestCase):
    def test_should_count_out_of_range_scores_as_zero(self):
        self.assertEqual([code_quality.score(v) for v in (5, "3", 7, None, "x")], [5, 3, 0, 0, 0])

    def test_should_average_each_score_over_the_lines(self):
        evaluator = code_quality.CodeEvaluator(model_config=None)
        metrics = evaluator.__aggregate__([
            {"correctness": 5, "readability": 4},
            {"correctness": 3, "readability": 4},
            {"correctness": 4, "readability": 3},
        ])
        self.assertEqual(metrics, {"average_correctness": 4.0, "average_readability": 3.6667, "total": 3})


if __name__ == "__main__":
    unittest.main()
