"""The substantive evaluation: the commission, declarations, assignments and cards."""
