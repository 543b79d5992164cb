"""Driving the widget on a page: open it, ask, read what it shows. Playwright's CSS locators pierce its
(open) shadow root, so `.ks-*` selectors reach inside the widget."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

ANSWER_TIMEOUT_MS = 120_000


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.locator(".ks-launcher").click()
    expect(page.locator(".ks-input")).to_be_focused()


def ask(page: Page, question: str) -> Locator:
    """Ask and wait until the answer is complete (its feedback buttons show); returns the turn."""
    answered = page.locator(".ks-turn .ks-feedback").count()
    page.locator(".ks-input").fill(question)
    page.locator(".ks-input").press("Enter")
    expect(page.locator(".ks-turn .ks-feedback")).to_have_count(answered + 1, timeout=ANSWER_TIMEOUT_MS)
    return page.locator(".ks-turn").last


def ask_expecting_error(page: Page, question: str) -> Locator:
    """Ask and wait for the error notice; returns it."""
    page.locator(".ks-input").fill(question)
    page.locator(".ks-input").press("Enter")
    error = page.locator(".ks-error")
    expect(error).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    return error


def shadow_active_class(page: Page) -> str:
    """The class of the element focused inside the widget, or '' when focus is elsewhere."""
    return page.evaluate(
        """() => {
            const host = document.querySelector('kildesvar-widget');
            const active = host && document.activeElement === host ? host.shadowRoot.activeElement : null;
            return active ? active.className : '';
        }"""
    )


def tab_to(page: Page, class_name: str, key: str, presses: int = 20) -> None:
    """Press `key` (Tab or Shift+Tab) until the widget element with exactly `class_name` has focus."""
    for _ in range(presses):
        page.keyboard.press(key)
        if shadow_active_class(page) == class_name:
            return
    raise AssertionError(f"{presses} × {key} never reached .{class_name}")


def count_streamed_deltas(page: Page) -> None:
    """From now on, count text pieces appended to the answer while it is still streaming (aria-busy)."""
    page.evaluate(
        """() => {
            window.__deltas = 0;
            const log = document.querySelector('kildesvar-widget').shadowRoot.querySelector('.ks-log');
            new MutationObserver((records) => {
                for (const record of records) {
                    const busy = record.target.closest && record.target.closest('[aria-busy="true"]');
                    const texts = [...record.addedNodes].filter((node) => node.nodeType === Node.TEXT_NODE);
                    if (busy && record.target.classList.contains('ks-answer-text')) window.__deltas += texts.length;
                }
            }).observe(log, {childList: true, subtree: true});
        }"""
    )
