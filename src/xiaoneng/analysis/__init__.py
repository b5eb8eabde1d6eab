"""Text analysis (SPEC G2): topic/department and sentiment models the platform trains, the dimensions of S0 art. 9 a
rating comment speaks of, actionability, and the quality of a complaint's answer; each tag with its evidence."""
