build-dev/src/lib/audit.o: src/lib/audit.c src/shared/dir-util.h \
 src/shared/macro.h src/shared/fileio.h src/shared/holders.h \
 src/lib/libephvol-private.h include/ephvol.h src/shared/ephvol-cleanup.h \
 src/shared/proc-parse.h src/lib/sys-query.h
src/shared/dir-util.h:
src/shared/macro.h:
src/shared/fileio.h:
src/shared/holders.h:
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/proc-parse.h:
src/lib/sys-query.h:
