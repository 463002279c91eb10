/* Placeholder: FtM output is being written. */
#include "model.h"
int exctl_entity_to_ftm(const exctl_entity *e, char **out) { (void)e; *out = NULL; return EXCTL_EFORMAT; }
