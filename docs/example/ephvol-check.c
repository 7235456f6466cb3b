/* SPDX-License-Identifier: MIT-0 */
/*
 * ephvol-check - a small libephvol client: "is my swap and /tmp protected?"
 *
 * Prints one line per swap area and temporary filesystem with its protection
 * verdict, then the cipher ephvol would choose on this CPU. Exits 1 when some
 * data can reach a disk unencrypted (or nobody can tell), so that a monitoring
 * check can run it as it is.
 *
 * Build against the installed library:
 *     cc -o ephvol-check ephvol-check.c $(pkg-config --cflags --libs libephvol)
 * Run: ephvol-check [ROOT]   (ROOT: read /proc and /sys below it; default "/")
 */
#include <ephvol.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
	struct ephvol_ctx *ctx = NULL;
	struct ephvol_audit_entry **entries = NULL;
	char *cipher = NULL;
	unsigned key_bits = 0;
	int r, exposed = 0;

	r = ephvol_ctx_new(&ctx);
	if (r < 0) {
		fprintf(stderr, "ephvol-check: %s\n", strerror(-r));
		return 2;
	}
	if (argc > 1 && (r = ephvol_ctx_set_root(ctx, argv[1])) < 0) {
		fprintf(stderr, "ephvol-check: root %s: %s\n", argv[1], strerror(-r));
		ephvol_ctx_unref(ctx);
		return 2;
	}

	r = ephvol_audit(ctx, &entries, NULL);
	if (r < 0) {
		fprintf(stderr, "ephvol-check: cannot audit: %s\n", strerror(-r));
		ephvol_ctx_unref(ctx);
		return 2;
	}
	for (struct ephvol_audit_entry **e = entries; *e; e++) {
		enum ephvol_protection p = ephvol_audit_entry_get_protection(*e);

		printf("%-4s %-20s %-17s %s\n",
		       ephvol_audit_kind_to_string(ephvol_audit_entry_get_kind(*e)),
		       ephvol_audit_entry_get_path(*e), ephvol_protection_to_string(p),
		       ephvol_audit_entry_get_reason(*e));
		if (p == EPHVOL_PROTECTION_PLAINTEXT_ON_DISK || p == EPHVOL_PROTECTION_UNKNOWN)
			exposed = 1;
	}
	ephvol_audit_list_free(entries);

	/* On a fixture root there may be no cpuinfo; the audit above still counts. */
	if (ephvol_cipher_recommend(ctx, &cipher, &key_bits) >= 0)
		printf("recommended cipher: %s, %u-bit key\n", cipher, key_bits);
	free(cipher);

	ephvol_ctx_unref(ctx);
	return exposed;
}
