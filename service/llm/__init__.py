"""Optional LLM answer mode: an OpenAI-compatible model writes the answer, and every sentence is checked.

Off unless `KILDESVAR_LLM_BASE_URL` is set. The model's reply is never trusted: sentences whose `[n]` marker
points nowhere or whose content the cited source does not support are dropped, and when nothing checked
remains the extractive answer is used instead.
"""
