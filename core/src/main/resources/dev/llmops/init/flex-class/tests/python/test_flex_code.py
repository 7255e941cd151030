"""Unit tests of the {{use_case_name}} flex code: python3 -m unittest discover -s use-cases/{{use_case_name}}/tests/python"""

import unittest

from flex_harness import load

flow = load("flows/chat/flow.py", "chat_flow")
check_list = load("flows/eval_checklist/check_list.py", "check_list")


class TrimHistoryTest(unittest.TestCase):
    def test_should_drop_the_oldest_turns_until_the_prompt_fits(self):
        history = [{"content": "a" * 40}, {"content": "b" * 40}, {"content": "c" * 40}]

        def count(question, chat_history):
            return len(question) + sum(len(t["content"]) for t in chat_history)

        trimmed = flow.trim_history(count, "q?", history, 90)
        self.assertEqual([t["content"][0] for t in trimmed], ["b", "c"])

    def test_should_keep_a_history_that_fits_and_accept_none(self):
        self.assertEqual(flow.trim_history(lambda **_: 10, "q", [{"content": "x"}], 100), [{"content": "x"}])
        self.assertEqual(flow.trim_history(lambda **_: 10, "q", None, 100), [])


class ChecklistAggregateTest(unittest.TestCase):
    def test_should_average_each_statement_over_the_lines(self):
        evaluator = check_list.EvalFlow.__new__(check_list.EvalFlow)
        metrics = evaluator.__aggregate__([
            {"correctness": {"score": 5}, "concise": {"score": 4}},
            {"correctness": {"score": 2}, "concise": {"score": 5}},
        ])
        self.assertEqual(metrics, {"average_concise": 4.5, "average_correctness": 3.5, "total": 2})


if __name__ == "__main__":
    unittest.main()
