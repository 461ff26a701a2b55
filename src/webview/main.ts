// Review panel (browser side): the review issue fills this in.
export {};
