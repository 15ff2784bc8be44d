"""Document structure learned from annotations: a role for every line, then records from roles."""
