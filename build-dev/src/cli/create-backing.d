build-dev/src/cli/create-backing.o: src/cli/create-backing.c \
 src/cli/backing-check.h src/cli/sys.h src/shared/macro.h \
 src/shared/claim.h src/cli/create-build.h src/cli/create-options.h \
 src/cli/cipher-spec.h src/shared/kcapi-name.h include/ephvol.h \
 src/cli/log.h src/cli/step.h
src/cli/backing-check.h:
src/cli/sys.h:
src/shared/macro.h:
src/shared/claim.h:
src/cli/create-build.h:
src/cli/create-options.h:
src/cli/cipher-spec.h:
src/shared/kcapi-name.h:
include/ephvol.h:
src/cli/log.h:
src/cli/step.h:
