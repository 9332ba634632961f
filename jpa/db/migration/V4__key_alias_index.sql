-- LiteLLM's /key/list filters keys by alias (its UI searches by it): an index keeps that a
-- lookup, within one tenant or across all of them, instead of a scan of every key.
CREATE INDEX ditto_key_alias ON ditto_key (key_alias, id);
