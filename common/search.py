"""The published ranking rule both searches share (services and the freelancer directory;
/how-it-works/ explains it): ts_rank weights for D, C, B, A, so a match in the most important
part (a service's title, a freelancer's name) far outranks one in the least."""

RANK_WEIGHTS = [0.05, 0.2, 0.4, 1.0]
