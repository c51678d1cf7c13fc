// Package assistant is crux's optional helper backed by a language model
// behind the OpenAI-compatible chat completions API
// (POST {base}/v1/chat/completions), as served by Ollama, llama.cpp's
// server, vLLM and hosted APIs. It is off unless configured (a URL from a
// flag or CRUX_ASSISTANT_URL; CRUX_ASSISTANT_MODEL and CRUX_ASSISTANT_KEY
// name the model and the bearer key).
//
// The model is asked for JSON, and its answer is treated as untrusted
// input like any article: the response size is bounded, the JSON is read
// strictly against a schema (unknown fields, wrong types and trailing data
// are errors), every string is checked (length, UTF-8, no control or
// bidirectional-override characters, no markup in titles), every quoted
// span must occur verbatim in the source it names, every ID must exist in
// the case, and the number of items is bounded. An answer that fails any
// check is refused whole, with an error naming the item and the field.
// What passes is merged as suggestions only: hypotheses with status
// suggested, ratings with Suggested set, never over an analyst's rating.
package assistant

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on what is sent and accepted.
const (
	DefaultTimeout   = 60 * time.Second
	MaxResponseBytes = 4 << 20 // the HTTP body
	MaxPromptBytes   = 48 << 10
	MaxItems         = 200 // claims, hypotheses or ratings per answer
	MaxTextBytes     = 2000
	MaxTitleBytes    = 120
	MaxReasonBytes   = 600
	DefaultModel     = "llama3.1"
)

// Client talks to one OpenAI-compatible server.
type Client struct {
	BaseURL string // "http://localhost:11434" (Ollama) or ".../v1"
	Model   string
	Key     string // sent as "Authorization: Bearer KEY" when set
	HTTP    *http.Client
}

// New returns a client for the server at baseURL (http or https).
func New(baseURL, model, key string) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("assistant: URL %q: want http://HOST[:PORT][/PATH]", baseURL)
	}
	if model == "" {
		model = DefaultModel
	}
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Model: model, Key: key, HTTP: &http.Client{Timeout: DefaultTimeout}}, nil
}

// FromEnv returns the configured client, or nil (and no error) when the
// assistant is off: flagURL, else $CRUX_ASSISTANT_URL, empty.
func FromEnv(flagURL string) (*Client, error) {
	u := flagURL
	if u == "" {
		u = os.Getenv("CRUX_ASSISTANT_URL")
	}
	if u == "" {
		return nil, nil
	}
	return New(u, os.Getenv("CRUX_ASSISTANT_MODEL"), os.Getenv("CRUX_ASSISTANT_KEY"))
}

func (c *Client) endpoint() string {
	if strings.HasSuffix(c.BaseURL, "/v1") {
		return c.BaseURL + "/chat/completions"
	}
	return c.BaseURL + "/v1/chat/completions"
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model          string         `json:"model"`
	Messages       []chatMessage  `json:"messages"`
	Temperature    float64        `json:"temperature"`
	ResponseFormat map[string]any `json:"response_format,omitempty"`
	Stream         bool           `json:"stream"`
}

type chatResponse struct {
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
	} `json:"choices"`
	Error *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// Chat sends one system and one user message and returns the reply's text.
func (c *Client) Chat(ctx context.Context, system, user string) (string, error) {
	if len(system)+len(user) > MaxPromptBytes+4096 {
		return "", fmt.Errorf("assistant: prompt of %d bytes exceeds the limit", len(system)+len(user))
	}
	body, err := json.Marshal(chatRequest{
		Model:          c.Model,
		Messages:       []chatMessage{{"system", system}, {"user", user}},
		ResponseFormat: map[string]any{"type": "json_object"},
	})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint(), bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.Key != "" {
		req.Header.Set("Authorization", "Bearer "+c.Key)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("assistant: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return "", fmt.Errorf("assistant: reading the answer: %w", err)
	}
	if len(data) > MaxResponseBytes {
		return "", fmt.Errorf("assistant: answer larger than %d bytes", MaxResponseBytes)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("assistant: server answered %s: %s", resp.Status, snippet(data))
	}
	var cr chatResponse
	if err := json.Unmarshal(data, &cr); err != nil {
		return "", fmt.Errorf("assistant: the server's answer is not chat-completions JSON: %v", err)
	}
	if cr.Error != nil {
		return "", fmt.Errorf("assistant: server error: %s", snippet([]byte(cr.Error.Message)))
	}
	if len(cr.Choices) == 0 {
		return "", errors.New("assistant: the answer has no choices")
	}
	return cr.Choices[0].Message.Content, nil
}

// snippet returns a short, printable excerpt of untrusted bytes for an
// error message.
func snippet(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || isBidi(r) {
			return ' '
		}
		return r
	}, s)
	if len(s) > 160 {
		s = s[:160]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return strings.TrimSpace(s)
}

func isBidi(r rune) bool {
	return r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0x200E || r == 0x200F
}

// ask sends one exchange to the model and decodes its answer into v with
// decodeStrict.
func (c *Client) ask(ctx context.Context, system, user string, v any) error {
	content, err := c.Chat(ctx, system, user)
	if err != nil {
		return err
	}
	return decodeStrict(content, v)
}

// decodeStrict reads the model's JSON (a ```json fence around it is
// tolerated) into v, refusing unknown fields and trailing data.
func decodeStrict(content string, v any) error {
	s := strings.TrimSpace(content)
	if strings.HasPrefix(s, "```") {
		s = strings.TrimPrefix(s, "```json")
		s = strings.TrimPrefix(s, "```")
		s = strings.TrimSuffix(strings.TrimSpace(s), "```")
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("assistant: the model's answer does not fit the schema: %v", err)
	}
	if dec.More() {
		return errors.New("assistant: the model's answer has data after the JSON object")
	}
	return nil
}

// checkString checks one string of an answer.
func checkString(path, s string, maxLen int, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return fmt.Errorf("%s: empty", path)
	case len(s) > maxLen:
		return fmt.Errorf("%s: %d bytes, more than %d", path, len(s), maxLen)
	case !utf8.ValidString(s):
		return fmt.Errorf("%s: invalid UTF-8", path)
	}
	for _, r := range s {
		if r == '\n' || r == '\t' {
			continue
		}
		if unicode.IsControl(r) || isBidi(r) {
			return fmt.Errorf("%s: control or bidirectional-override character U+%04X", path, r)
		}
	}
	return nil
}
