"""Generator of the accessible 'Amministrazione trasparente' pages of a public body's performance cycle."""
