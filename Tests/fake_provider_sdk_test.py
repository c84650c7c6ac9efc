#!/usr/bin/env python3
"""Keeps scripts/fake-provider honest: its replies must parse with the official SDKs.

Starts the fake on a free loopback port and talks to it with the `openai` and `anthropic`
Python SDKs (base_url pointed at the fake, a dummy key, max_retries=0). If the fake's wire
format drifts from the real one, the SDKs fail to parse it or raise the wrong exception.

    python3 Tests/fake_provider_sdk_test.py          # exit 0 when every test passes, 1 otherwise

Needs `pip install openai anthropic`. Without them the SDK tests are skipped with a message,
unless QUARRY_REQUIRE_SDKS=1 is set (CI), which turns a missing SDK into a failure.
"""

import json
import os
import subprocess
import sys
import unittest
import urllib.request
from pathlib import Path

FAKE = Path(__file__).resolve().parent.parent / "scripts" / "fake-provider"
KEY = "sk-test-SECRET-123"
INVOICE_SCHEMA = {
    "type": "object",
    "properties": {"total": {"type": "number"}, "currency": {"type": "string", "enum": ["EUR", "USD"]}},
    "required": ["total", "currency"],
    "additionalProperties": False,
}
VALID = {"total": 12.5, "currency": "EUR"}

try:
    import openai
except ImportError:  # pragma: no cover - depends on the environment
    openai = None
try:
    import anthropic
except ImportError:  # pragma: no cover - depends on the environment
    anthropic = None

REQUIRE_SDKS = os.environ.get("QUARRY_REQUIRE_SDKS") == "1"


def require(module, name):
    if module is None:
        message = f"the `{name}` package is not installed (pip install openai anthropic)"
        if REQUIRE_SDKS:
            raise AssertionError(message)
        raise unittest.SkipTest(message)


class FakeServer:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, str(FAKE), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline().strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            self.process.kill()
            raise RuntimeError(f"unexpected first line from fake-provider: {line!r}")
        self.base = line[len(prefix):]

    def script(self, steps):
        request = urllib.request.Request(
            self.base + "/_script", data=json.dumps(steps).encode(), method="POST",
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

    def requests(self):
        with urllib.request.urlopen(self.base + "/_requests", timeout=10) as response:
            return json.loads(response.read())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class FakeServerTestCase(unittest.TestCase):
    server = None

    @classmethod
    def setUpClass(cls):
        cls.server = FakeServer()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()


class ControlEndpointTests(FakeServerTestCase):
    """The fake's own contract, without any SDK."""

    def post(self, path, body, headers=None):
        request = urllib.request.Request(
            self.server.base + path, data=json.dumps(body).encode(), method="POST",
            headers={"content-type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, dict(response.headers), json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read())

    def test_first_line_names_a_loopback_url(self):
        self.assertRegex(self.server.base, r"^http://127\.0\.0\.1:\d+$")

    def test_script_is_played_in_order_then_the_last_step_repeats(self):
        self.server.script([{"reply": {"n": 1}}, {"status": 500}])
        status, _, body = self.post("/api/chat", {"model": "llama3.2", "messages": []})
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body["message"]["content"]), {"n": 1})
        for _ in range(2):
            status, _, body = self.post("/api/chat", {"model": "llama3.2", "messages": []})
            self.assertEqual(status, 500)
            self.assertIsInstance(body["error"], str)

    def test_requests_are_logged_with_secrets_redacted(self):
        self.server.script([{"reply": {}}])
        self.post(
            "/v1beta/models/gemini-2.5-flash:generateContent?key=" + KEY,
            {"contents": []},
            headers={"x-goog-api-key": KEY, "authorization": "Bearer " + KEY, "x-api-key": KEY},
        )
        log = self.server.requests()
        self.assertEqual(len(log), 1)
        self.assertNotIn(KEY, json.dumps(log))
        self.assertEqual(log[0]["headers"]["x-goog-api-key"], "REDACTED")
        self.assertEqual(log[0]["headers"]["authorization"], "REDACTED")
        self.assertEqual(log[0]["body"], {"contents": []})

    def test_gemini_shapes(self):
        self.server.script([
            {"status": 429, "retry_delay": "2s"},
            {"blocked": "SAFETY"},
            {"refusal": "no"},
            {"truncated": "{\"total\": 1"},
        ])
        path = "/v1beta/models/gemini-2.5-flash:generateContent"
        status, _, body = self.post(path, {})
        self.assertEqual((status, body["error"]["status"], body["error"]["code"]), (429, "RESOURCE_EXHAUSTED", 429))
        retry = [d for d in body["error"]["details"] if d["@type"].endswith("google.rpc.RetryInfo")]
        self.assertEqual(retry[0]["retryDelay"], "2s")
        status, _, body = self.post(path, {})
        self.assertEqual(status, 200)
        self.assertNotIn("candidates", body)
        self.assertEqual(body["promptFeedback"]["blockReason"], "SAFETY")
        _, _, body = self.post(path, {})
        self.assertEqual(body["candidates"][0]["finishReason"], "SAFETY")
        _, _, body = self.post(path, {})
        self.assertEqual(body["candidates"][0]["finishReason"], "MAX_TOKENS")
        self.assertEqual(body["modelVersion"], "gemini-2.5-flash")

    def test_ollama_shapes(self):
        self.server.script([{"truncated": "{\"a\""}, {"status": 400, "message": "bad format"}])
        _, _, body = self.post("/api/chat", {"model": "llama3.2"})
        self.assertEqual((body["done_reason"], body["done"], body["model"]), ("length", True, "llama3.2"))
        self.assertGreater(body["prompt_eval_count"], 0)
        status, _, body = self.post("/api/chat", {"model": "llama3.2"})
        self.assertEqual((status, body), (400, {"error": "bad format"}))

    def test_retry_after_header_is_sent(self):
        self.server.script([{"status": 429, "headers": {"retry-after": "2"}}])
        status, headers, body = self.post("/v1/messages", {"model": "claude-haiku-4-5"})
        self.assertEqual(status, 429)
        self.assertEqual({k.lower(): v for k, v in headers.items()}["retry-after"], "2")
        self.assertEqual(body["type"], "error")
        self.assertEqual(body["error"]["type"], "rate_limit_error")


class OpenAISDKTests(FakeServerTestCase):
    def setUp(self):
        require(openai, "openai")
        self.client = openai.OpenAI(api_key=KEY, base_url=self.server.base + "/v1", max_retries=0, timeout=10)

    def create_chat(self):
        return self.client.chat.completions.create(
            model="gpt-4.1-mini",
            messages=[{"role": "system", "content": "Extract."}, {"role": "user", "content": "12.50 EUR"}],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "invoice", "strict": True, "schema": INVOICE_SCHEMA},
            },
        )

    def test_chat_completion_content_parses(self):
        self.server.script([{"reply": VALID, "usage": {"input_tokens": 120, "output_tokens": 14, "cached_tokens": 64}}])
        completion = self.create_chat()
        choice = completion.choices[0]
        self.assertEqual(json.loads(choice.message.content), VALID)
        self.assertEqual(choice.finish_reason, "stop")
        self.assertIsNone(choice.message.refusal)
        self.assertEqual(completion.model, "gpt-4.1-mini")
        self.assertEqual(
            (completion.usage.prompt_tokens, completion.usage.completion_tokens, completion.usage.total_tokens),
            (120, 14, 134),
        )
        self.assertEqual(completion.usage.prompt_tokens_details.cached_tokens, 64)
        self.assertTrue(completion.id.startswith("chatcmpl-"))
        sent = self.server.requests()[-1]
        self.assertEqual(sent["path"], "/v1/chat/completions")
        self.assertEqual(sent["headers"]["authorization"], "REDACTED")
        self.assertEqual(sent["body"]["response_format"]["json_schema"]["name"], "invoice")

    def test_chat_completion_parse_helper_accepts_the_reply(self):
        self.server.script([{"reply": VALID}])
        completion = self.client.chat.completions.parse(
            model="gpt-4.1-mini",
            messages=[{"role": "user", "content": "12.50 EUR"}],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "invoice", "strict": True, "schema": INVOICE_SCHEMA},
            },
        )
        self.assertEqual(json.loads(completion.choices[0].message.content), VALID)

    def test_chat_refusal(self):
        self.server.script([{"refusal": "I can't help with that."}])
        message = self.create_chat().choices[0].message
        self.assertEqual(message.refusal, "I can't help with that.")
        self.assertIsNone(message.content)

    def test_chat_truncated(self):
        self.server.script([{"truncated": "{\"total\": 1, \"cur"}])
        choice = self.create_chat().choices[0]
        self.assertEqual(choice.finish_reason, "length")
        self.assertEqual(choice.message.content, "{\"total\": 1, \"cur")

    def test_chat_forced_tool_call(self):
        self.server.script([{"reply": VALID}])
        completion = self.client.chat.completions.create(
            model="gpt-4.1-mini",
            messages=[{"role": "user", "content": "12.50 EUR"}],
            tools=[{"type": "function", "function": {"name": "invoice", "parameters": INVOICE_SCHEMA}}],
            tool_choice={"type": "function", "function": {"name": "invoice"}},
        )
        call = completion.choices[0].message.tool_calls[0]
        self.assertEqual(call.function.name, "invoice")
        self.assertEqual(json.loads(call.function.arguments), VALID)

    def test_responses_output_text(self):
        self.server.script([{"reply": VALID, "usage": {"input_tokens": 90, "output_tokens": 11}}])
        response = self.client.responses.create(
            model="gpt-4.1-mini",
            instructions="Extract.",
            input=[{"role": "user", "content": "12.50 EUR"}],
            text={"format": {"type": "json_schema", "name": "invoice", "schema": INVOICE_SCHEMA, "strict": True}},
            store=False,
        )
        self.assertEqual(response.status, "completed")
        self.assertEqual(json.loads(response.output_text), VALID)
        self.assertEqual((response.usage.input_tokens, response.usage.output_tokens), (90, 11))
        self.assertEqual(self.server.requests()[-1]["path"], "/v1/responses")

    def test_responses_refusal_and_incomplete(self):
        self.server.script([{"refusal": "I can't help with that."}, {"truncated": "{\"total\""}])
        refused = self.client.responses.create(model="gpt-4.1-mini", input="x")
        parts = refused.output[0].content
        self.assertEqual(parts[0].type, "refusal")
        self.assertEqual(parts[0].refusal, "I can't help with that.")
        self.assertEqual(refused.output_text, "")
        cut = self.client.responses.create(model="gpt-4.1-mini", input="x")
        self.assertEqual(cut.status, "incomplete")
        self.assertEqual(cut.incomplete_details.reason, "max_output_tokens")

    def test_errors_raise_the_sdk_exceptions(self):
        cases = [
            ({"status": 429, "headers": {"retry-after": "2"}, "message": "Rate limit reached"}, openai.RateLimitError, 429),
            ({"status": 500}, openai.InternalServerError, 500),
            ({"status": 400, "message": "Invalid schema for response_format 'invoice'"}, openai.BadRequestError, 400),
            ({"status": 401, "message": "Incorrect API key provided"}, openai.AuthenticationError, 401),
            ({"blocked": "SAFETY"}, openai.BadRequestError, 400),
        ]
        for step, exception, status in cases:
            with self.subTest(step=step):
                self.server.script([step])
                with self.assertRaises(exception) as caught:
                    self.create_chat()
                self.assertEqual(caught.exception.status_code, status)
                if "message" in step:
                    self.assertIn(step["message"], caught.exception.message)
                    self.assertEqual(caught.exception.body["message"], step["message"])
                if status == 429:
                    self.assertEqual(caught.exception.response.headers["retry-after"], "2")
                    self.assertEqual(caught.exception.code, "rate_limit_exceeded")
        self.server.script([{"status": 429, "code": "insufficient_quota", "type": "insufficient_quota",
                             "message": "You exceeded your current quota"}])
        with self.assertRaises(openai.RateLimitError) as caught:
            self.client.responses.create(model="gpt-4.1-mini", input="x")
        self.assertEqual(caught.exception.code, "insufficient_quota")

    def test_dropped_connection_raises_a_connection_error(self):
        for step in ({"drop_connection": True}, {"drop_mid_body": True}):
            with self.subTest(step=step):
                self.server.script([step])
                with self.assertRaises(openai.APIConnectionError):
                    self.create_chat()


class AnthropicSDKTests(FakeServerTestCase):
    def setUp(self):
        require(anthropic, "anthropic")
        self.client = anthropic.Anthropic(api_key=KEY, base_url=self.server.base, max_retries=0, timeout=10)

    def create(self, **extra):
        return self.client.messages.create(
            model="claude-haiku-4-5",
            max_tokens=1024,
            system="Extract.",
            messages=[{"role": "user", "content": "12.50 EUR"}],
            **extra,
        )

    def create_with_tool(self):
        return self.create(
            tools=[{"name": "invoice", "description": "Record the invoice.", "input_schema": INVOICE_SCHEMA}],
            tool_choice={"type": "tool", "name": "invoice"},
        )

    def test_forced_tool_use_block(self):
        self.server.script([{"reply": VALID, "usage": {"input_tokens": 300, "output_tokens": 40}}])
        message = self.create_with_tool()
        self.assertEqual(message.stop_reason, "tool_use")
        block = message.content[0]
        self.assertEqual(block.type, "tool_use")
        self.assertEqual(block.name, "invoice")
        self.assertEqual(block.input, VALID)
        self.assertTrue(block.id.startswith("toolu_"))
        self.assertEqual((message.usage.input_tokens, message.usage.output_tokens), (300, 40))
        self.assertEqual(message.model, "claude-haiku-4-5")
        sent = self.server.requests()[-1]
        self.assertEqual(sent["path"], "/v1/messages")
        # Older SDKs send `x-api-key`, newer ones `authorization: Bearer`; either way it is redacted.
        secret_headers = {name: sent["headers"][name] for name in ("x-api-key", "authorization") if name in sent["headers"]}
        self.assertTrue(secret_headers)
        self.assertEqual(set(secret_headers.values()), {"REDACTED"})
        self.assertIn("anthropic-version", sent["headers"])
        self.assertNotIn(KEY, json.dumps(self.server.requests()))

    def test_text_block_without_tool_choice(self):
        self.server.script([{"reply": VALID}, {"text": "not json at all"}])
        message = self.create()
        self.assertEqual(message.stop_reason, "end_turn")
        self.assertEqual(message.content[0].type, "text")
        self.assertEqual(json.loads(message.content[0].text), VALID)
        message = self.create_with_tool()
        self.assertEqual(message.content[0].text, "not json at all")

    def test_refusal_and_max_tokens(self):
        self.server.script([{"refusal": "I can't help with that."}, {"truncated": "{\"total\": 1"}])
        refused = self.create_with_tool()
        self.assertEqual(refused.stop_reason, "refusal")
        cut = self.create()
        self.assertEqual(cut.stop_reason, "max_tokens")
        self.assertEqual(cut.content[0].text, "{\"total\": 1")

    def test_errors_raise_the_sdk_exceptions(self):
        overloaded = getattr(anthropic, "OverloadedError", anthropic.APIStatusError)
        cases = [
            ({"status": 429, "headers": {"retry-after": "2"}, "message": "Number of requests exceeded"},
             anthropic.RateLimitError, 429, "rate_limit_error"),
            ({"status": 500}, anthropic.InternalServerError, 500, "api_error"),
            ({"status": 529}, overloaded, 529, "overloaded_error"),
            ({"status": 400, "message": "tools.0.input_schema: JSON schema is invalid"},
             anthropic.BadRequestError, 400, "invalid_request_error"),
            ({"status": 401, "message": "invalid x-api-key"}, anthropic.AuthenticationError, 401, "authentication_error"),
        ]
        for step, exception, status, kind in cases:
            with self.subTest(step=step):
                self.server.script([step])
                with self.assertRaises(exception) as caught:
                    self.create_with_tool()
                self.assertEqual(caught.exception.status_code, status)
                self.assertEqual(caught.exception.body["type"], "error")
                self.assertEqual(caught.exception.body["error"]["type"], kind)
                if "message" in step:
                    self.assertIn(step["message"], caught.exception.message)
                if status == 429:
                    self.assertEqual(caught.exception.response.headers["retry-after"], "2")

    def test_dropped_connection_raises_a_connection_error(self):
        for step in ({"drop_connection": True}, {"drop_mid_body": True}):
            with self.subTest(step=step):
                self.server.script([step])
                with self.assertRaises(anthropic.APIConnectionError):
                    self.create_with_tool()


if __name__ == "__main__":
    unittest.main(verbosity=2)
