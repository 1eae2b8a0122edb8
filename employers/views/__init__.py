"""Server-rendered pages: public offers, the employer's space, the school's (officer) space."""
