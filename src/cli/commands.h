/*
 * commands.h - declarations of every cmd_* function listed in commands.def.
 */
#ifndef KAIJI_COMMANDS_H
#define KAIJI_COMMANDS_H

#define KJ_COMMAND(name, fn, summary, usage) int fn(int argc, char **argv);
#include "commands.def"
#undef KJ_COMMAND

#endif
