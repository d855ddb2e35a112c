"Data layer: the interaction schema and RecBole atomic files, dataset loaders, distribution-shift split builders."
