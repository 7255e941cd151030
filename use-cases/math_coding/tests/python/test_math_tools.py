"""Unit tests of the math_coding python tools: python3 -m unittest discover -s use-cases/math_coding/tests/python"""

import os
import unittest

from tool_harness import LOGGED, load


execution = load("flows/math_standard_flow/final_code_execution.py", "final_code_execution")
refine = load("flows/math_standard_flow/code_refine.py", "code_refine")
line_process = load("flows/math_evaluation_flow/line_process.py", "line_process")
aggregate = load("flows/math_evaluation_flow/aggregate.py", "aggregate")


class CodeRefineTest(unittest.TestCase):
    def test_should_take_the_first_fenced_block_and_drop_the_prose(self):
        answer = "Here is the program:\n```python\nprint(6 * 7)\n```\nIt prints 42."
        self.assertEqual(refine.code_refine(answer), "print(6 * 7)\n")

    def test_should_keep_an_answer_without_fence_as_code(self):
        self.assertEqual(refine.code_refine("print(1)"), "print(1)\n")


class FinalCodeExecutionTest(unittest.TestCase):
    def setUp(self):
        self._saved = os.environ.get("CODE_TIMEOUT_SECONDS")
        os.environ["CODE_TIMEOUT_SECONDS"] = "2"

    def tearDown(self):
        if self._saved is None:
            os.environ.pop("CODE_TIMEOUT_SECONDS", None)
        else:
            os.environ["CODE_TIMEOUT_SECONDS"] = self._saved

    def test_should_return_the_last_printed_line(self):
        self.assertEqual(execution.final_code_execution("print('working')\nprint(12 * 7)\n"), "84")

    def test_should_report_the_exception_of_a_failing_program(self):
        result = execution.final_code_execution("print(1 / 0)\n")
        self.assertEqual(result, "ERROR: ZeroDivisionError: division by zero")

    def test_should_stop_a_program_that_runs_too_long(self):
        result = execution.final_code_execution("while True:\n    pass\n")
        self.assertEqual(result, "ERROR: TimeoutError: the program ran longer than 2 s")

    def test_should_refuse_to_write_files(self):
        result = execution.final_code_execution("open('out.txt', 'w').write('x')\nprint(1)\n")
        self.assertEqual(result, "ERROR: PermissionError: writing files is not allowed in generated code")

    def test_should_refuse_writing_through_lower_level_file_apis(self):
        for code in ("import os\nos.open('out.txt', os.O_WRONLY | os.O_CREAT)\nprint(1)\n",
                     "import io\nio.FileIO('out.txt', 'w')\nprint(1)\n"):
            with self.subTest(code=code):
                result = execution.final_code_execution(code)
                self.assertEqual(result, "ERROR: PermissionError: writing files is not allowed in generated code")

    def test_should_refuse_network_access(self):
        code = "import socket\nsocket.create_connection(('example.com', 80))\nprint(1)\n"
        result = execution.final_code_execution(code)
        self.assertEqual(result, "ERROR: PermissionError: network access is not allowed in generated code")

    def test_should_refuse_to_start_processes(self):
        result = execution.final_code_execution("import os\nos.system('echo hi')\nprint(1)\n")
        self.assertEqual(result, "ERROR: PermissionError: os.system is not allowed in generated code")

    def test_should_hide_the_callers_environment(self):
        os.environ["AOAI_API_KEY"] = "not-for-generated-code"
        try:
            result = execution.final_code_execution("import os\nprint(os.environ.get('AOAI_API_KEY', 'absent'))\n")
        finally:
            del os.environ["AOAI_API_KEY"]
        self.assertEqual(result, "absent")

    def test_should_allow_reading_and_standard_library_imports(self):
        code = "import math, json\nprint(json.dumps(math.lcm(4, 6)))\n"
        self.assertEqual(execution.final_code_execution(code), "12")

    def test_should_report_a_program_that_prints_nothing(self):
        self.assertEqual(execution.final_code_execution("x = 1\n"), "ERROR: the program printed nothing")


class LineProcessTest(unittest.TestCase):
    def test_should_score_answers_with_a_relative_tolerance(self):
        cases = [
            ("14", "14.000000000000002", 1),
            ("0.3", "0.30000000000000004", 1),
            ("33", "33.0", 1),
            ("1000000", "1000000.5", 1),
            ("1000000", "1000002", 0),
            ("28.274333882308138", "28.26", 0),
            ("0", "0.0", 1),
            ("18", "ERROR: NameError: name 'num' is not defined", -1),
            ("18", "eighteen", -1),
            ("18", "nan", -1),
        ]
        for groundtruth, prediction, expected in cases:
            with self.subTest(groundtruth=groundtruth, prediction=prediction):
                self.assertEqual(line_process.line_process(groundtruth, prediction), expected)

    def test_should_reject_a_ground_truth_that_is_not_a_number(self):
        with self.assertRaisesRegex(ValueError, "fix the evaluation data"):
            line_process.line_process("forty", "40")


class AggregateTest(unittest.TestCase):
    def test_should_report_accuracy_and_error_rate(self):
        self.assertEqual(aggregate.aggregate([1, 1, 0, -1, None]), {"accuracy": 0.5, "error_rate": 0.25})

    @unittest.skipIf(LOGGED is None, "promptflow is installed; its log_metric is not observable here")
    def test_should_log_both_metrics(self):
        LOGGED.clear()
        aggregate.aggregate([1, -1, -1])
        self.assertEqual(LOGGED, {"accuracy": 0.3333, "error_rate": 0.6667})


if __name__ == "__main__":
    unittest.main()
