build-dev/src/lib/volume.o: src/lib/volume.c src/lib/libephvol-private.h \
 include/ephvol.h src/shared/ephvol-cleanup.h src/shared/macro.h \
 src/shared/parse.h
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/macro.h:
src/shared/parse.h:
