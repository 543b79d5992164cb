"""`kildesvar bench`: ingest and query-path benchmark over Lovdata tiers, beside the LlamaIndex peer."""
