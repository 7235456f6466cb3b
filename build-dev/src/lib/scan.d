build-dev/src/lib/scan.o: src/lib/scan.c src/lib/cipher.h \
 src/lib/libephvol-private.h include/ephvol.h src/shared/ephvol-cleanup.h \
 src/shared/macro.h src/shared/dir-util.h src/shared/fileio.h \
 src/shared/intent.h src/shared/run-paths.h src/shared/parse.h \
 src/shared/proc-parse.h src/lib/sys-query.h src/shared/zram-record.h
src/lib/cipher.h:
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/macro.h:
src/shared/dir-util.h:
src/shared/fileio.h:
src/shared/intent.h:
src/shared/run-paths.h:
src/shared/parse.h:
src/shared/proc-parse.h:
src/lib/sys-query.h:
src/shared/zram-record.h:
