"""Code of conduct (SPEC E4): the forbidden and polite phrases as data, and the scan of texts for them."""
