build-dev/src/lib/cipher.o: src/lib/cipher.c src/lib/cipher.h \
 src/lib/libephvol-private.h include/ephvol.h src/shared/ephvol-cleanup.h \
 src/shared/macro.h src/shared/cpu-features.h src/shared/fileio.h \
 src/shared/kcapi-name.h
src/lib/cipher.h:
src/lib/libephvol-private.h:
include/ephvol.h:
src/shared/ephvol-cleanup.h:
src/shared/macro.h:
src/shared/cpu-features.h:
src/shared/fileio.h:
src/shared/kcapi-name.h:
