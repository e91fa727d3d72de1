"""Understanding messages and questions: typed results, rule-based engine, optional LLM engine."""
