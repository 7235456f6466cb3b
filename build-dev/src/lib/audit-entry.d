build-dev/src/lib/audit-entry.o: src/lib/audit-entry.c \
 src/lib/libephvol-private.h include/ephvol.h src/shared/ephvol-cleanup.h \
 src/shared/macro.h
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/macro.h:
