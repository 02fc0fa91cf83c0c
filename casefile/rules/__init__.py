"""Rules: everything Casefile computes from records: ISO 2859-1 plans, which reports count,
the diagnosis, the option catalogue, the balance gate, the money, deadlines and status,
letters and the dossier. They write nothing."""
