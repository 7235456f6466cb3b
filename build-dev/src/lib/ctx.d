build-dev/src/lib/ctx.o: src/lib/ctx.c src/shared/fileio.h \
 src/lib/libephvol-private.h include/ephvol.h src/shared/ephvol-cleanup.h \
 src/shared/macro.h
src/shared/fileio.h:
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/macro.h:
