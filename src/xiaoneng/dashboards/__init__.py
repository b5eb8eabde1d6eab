"""Each role's dashboard on the home page (G7): its numbers and charts, every chart also as a table."""
